pub fn render(_t: &super::Trace) -> String {
    String::new()
}
