//! The `kbatch` command; everything lives in `kbatch::cli`.

/// The simulator allocates many small objects; mimalloc is markedly faster
/// at that than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(kbatch::cli::main());
}
