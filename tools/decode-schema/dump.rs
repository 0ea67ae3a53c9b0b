//! Writes the schema k8s-openapi-0.29-v1_37.json was made from. Not built with
//! kbatch: the `src/main.rs` of a scratch crate depending on
//! `k8s-openapi = { version = "0.29", features = ["v1_37", "schemars"] }`,
//! `schemars` and `serde_json`; its output, merged per definition with
//! descriptions stripped, is that file.
fn main() {
    let cj = schemars::schema_for!(k8s_openapi::api::batch::v1::CronJob);
    let job = schemars::schema_for!(k8s_openapi::api::batch::v1::Job);
    let out = serde_json::json!({"CronJob": cj, "Job": job});
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
