//! The `kbatch` command; everything lives in `kbatch::cli`.

fn main() {
    std::process::exit(kbatch::cli::main());
}
