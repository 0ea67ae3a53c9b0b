//! The parts of Go's `encoding/json` that decide whether the deprecated
//! `scheduler.alpha.kubernetes.io/tolerations` pod annotation decodes
//! (`helper.GetTolerationsFromPodAnnotations`: `json.Unmarshal` into
//! `[]core.Toleration`): the syntax check (`checkValid` and the scanner's
//! error texts) and the decoding, with the first type error's text.

use serde_json::{Map, Value as Json};

/// Go's `maxNestingDepth`.
const MAX_DEPTH: usize = 10000;

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// `quoteChar`: the byte as Go quotes it in scanner errors (a byte >= 0x80
/// is read as the rune of the same value).
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        0x07 => "'\\a'".to_string(),
        0x08 => "'\\b'".to_string(),
        0x0c => "'\\f'".to_string(),
        b'\n' => "'\\n'".to_string(),
        b'\r' => "'\\r'".to_string(),
        b'\t' => "'\\t'".to_string(),
        0x0b => "'\\v'".to_string(),
        b'\\' => "'\\\\'".to_string(),
        c if c < 0x20 || c == 0x7f => format!("'\\x{c:02x}'"),
        // strconv.IsPrint is false for U+0080..U+00A0 and U+00AD
        c if (0x80..=0xa0).contains(&c) || c == 0xad => format!("'\\u{c:04x}'"),
        c => format!("'{}'", char::from(c)),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    BeginValueOrEmpty,
    BeginValue,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    Lit(&'static [u8], usize, &'static str),
}

#[derive(Clone, Copy)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

struct Scanner {
    step: Step,
    stack: Vec<Parse>,
    end_top: bool,
}

type Scan = Result<(), String>;

impl Scanner {
    fn error(c: u8, context: &str) -> Scan {
        Err(format!("invalid character {} {context}", quote_char(c)))
    }

    fn push(&mut self, c: u8, p: Parse) -> Scan {
        self.stack.push(p);
        if self.stack.len() <= MAX_DEPTH {
            Ok(())
        } else {
            Self::error(c, "exceeded max depth")
        }
    }

    fn pop(&mut self) {
        self.stack.pop();
        if self.stack.is_empty() {
            self.step = Step::EndTop;
            self.end_top = true;
        } else {
            self.step = Step::EndValue;
        }
    }

    fn begin_value(&mut self, c: u8) -> Scan {
        if is_space(c) {
            return Ok(());
        }
        match c {
            b'{' => {
                self.step = Step::BeginStringOrEmpty;
                self.push(c, Parse::ObjectKey)
            }
            b'[' => {
                self.step = Step::BeginValueOrEmpty;
                self.push(c, Parse::ArrayValue)
            }
            b'"' => {
                self.step = Step::InString;
                Ok(())
            }
            b'-' => {
                self.step = Step::Neg;
                Ok(())
            }
            b'0' => {
                self.step = Step::Zero;
                Ok(())
            }
            b'1'..=b'9' => {
                self.step = Step::One;
                Ok(())
            }
            b't' => {
                self.step = Step::Lit(b"true", 1, "true");
                Ok(())
            }
            b'f' => {
                self.step = Step::Lit(b"false", 1, "false");
                Ok(())
            }
            b'n' => {
                self.step = Step::Lit(b"null", 1, "null");
                Ok(())
            }
            _ => Self::error(c, "looking for beginning of value"),
        }
    }

    fn end_value(&mut self, c: u8) -> Scan {
        let Some(&top) = self.stack.last() else {
            self.step = Step::EndTop;
            self.end_top = true;
            return self.end_top_step(c);
        };
        if is_space(c) {
            self.step = Step::EndValue;
            return Ok(());
        }
        match top {
            Parse::ObjectKey => {
                if c == b':' {
                    if let Some(last) = self.stack.last_mut() {
                        *last = Parse::ObjectValue;
                    }
                    self.step = Step::BeginValue;
                    return Ok(());
                }
                Self::error(c, "after object key")
            }
            Parse::ObjectValue => {
                if c == b',' {
                    if let Some(last) = self.stack.last_mut() {
                        *last = Parse::ObjectKey;
                    }
                    self.step = Step::BeginString;
                    return Ok(());
                }
                if c == b'}' {
                    self.pop();
                    return Ok(());
                }
                Self::error(c, "after object key:value pair")
            }
            Parse::ArrayValue => {
                if c == b',' {
                    self.step = Step::BeginValue;
                    return Ok(());
                }
                if c == b']' {
                    self.pop();
                    return Ok(());
                }
                Self::error(c, "after array element")
            }
        }
    }

    fn end_top_step(&mut self, c: u8) -> Scan {
        if is_space(c) {
            Ok(())
        } else {
            Self::error(c, "after top-level value")
        }
    }

    fn feed(&mut self, c: u8) -> Scan {
        match self.step {
            Step::BeginValueOrEmpty => {
                if is_space(c) {
                    return Ok(());
                }
                if c == b']' {
                    return self.end_value(c);
                }
                self.begin_value(c)
            }
            Step::BeginValue => self.begin_value(c),
            Step::BeginStringOrEmpty => {
                if is_space(c) {
                    return Ok(());
                }
                if c == b'}' {
                    if let Some(last) = self.stack.last_mut() {
                        *last = Parse::ObjectValue;
                    }
                    return self.end_value(c);
                }
                self.begin_string(c)
            }
            Step::BeginString => self.begin_string(c),
            Step::EndValue => self.end_value(c),
            Step::EndTop => self.end_top_step(c),
            Step::InString => {
                match c {
                    b'"' => self.step = Step::EndValue,
                    b'\\' => self.step = Step::InStringEsc,
                    c if c < 0x20 => return Self::error(c, "in string literal"),
                    _ => {}
                }
                Ok(())
            }
            Step::InStringEsc => match c {
                b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {
                    self.step = Step::InString;
                    Ok(())
                }
                b'u' => {
                    self.step = Step::InStringEscU(0);
                    Ok(())
                }
                _ => Self::error(c, "in string escape code"),
            },
            Step::InStringEscU(n) => {
                if !c.is_ascii_hexdigit() {
                    return Self::error(c, "in \\u hexadecimal character escape");
                }
                self.step = if n == 3 {
                    Step::InString
                } else {
                    Step::InStringEscU(n + 1)
                };
                Ok(())
            }
            Step::Neg => match c {
                b'0' => {
                    self.step = Step::Zero;
                    Ok(())
                }
                b'1'..=b'9' => {
                    self.step = Step::One;
                    Ok(())
                }
                _ => Self::error(c, "in numeric literal"),
            },
            Step::One => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                self.zero(c)
            }
            Step::Zero => self.zero(c),
            Step::Dot => {
                if c.is_ascii_digit() {
                    self.step = Step::Dot0;
                    return Ok(());
                }
                Self::error(c, "after decimal point in numeric literal")
            }
            Step::Dot0 => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                if c == b'e' || c == b'E' {
                    self.step = Step::E;
                    return Ok(());
                }
                self.end_value(c)
            }
            Step::E => {
                if c == b'+' || c == b'-' {
                    self.step = Step::ESign;
                    return Ok(());
                }
                self.e_sign(c)
            }
            Step::ESign => self.e_sign(c),
            Step::E0 => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                self.end_value(c)
            }
            Step::Lit(word, i, name) => {
                if c != word[i] {
                    return Self::error(
                        c,
                        &format!("in literal {name} (expecting '{}')", char::from(word[i])),
                    );
                }
                self.step = if i + 1 == word.len() {
                    Step::EndValue
                } else {
                    Step::Lit(word, i + 1, name)
                };
                Ok(())
            }
        }
    }

    fn begin_string(&mut self, c: u8) -> Scan {
        if is_space(c) {
            return Ok(());
        }
        if c == b'"' {
            self.step = Step::InString;
            return Ok(());
        }
        Self::error(c, "looking for beginning of object key string")
    }

    fn zero(&mut self, c: u8) -> Scan {
        if c == b'.' {
            self.step = Step::Dot;
            return Ok(());
        }
        if c == b'e' || c == b'E' {
            self.step = Step::E;
            return Ok(());
        }
        self.end_value(c)
    }

    fn e_sign(&mut self, c: u8) -> Scan {
        if c.is_ascii_digit() {
            self.step = Step::E0;
            return Ok(());
        }
        Self::error(c, "in exponent of numeric literal")
    }
}

/// `checkValid`: Go's syntax check, with its error text.
pub fn check_valid(data: &[u8]) -> Result<(), String> {
    let mut s = Scanner {
        step: Step::BeginValue,
        stack: Vec::new(),
        end_top: false,
    };
    for &c in data {
        s.feed(c)?;
    }
    // scanner.eof: a final space ends a pending number or literal
    if s.end_top {
        return Ok(());
    }
    s.feed(b' ')?;
    if s.end_top {
        Ok(())
    } else {
        Err("unexpected end of JSON input".to_string())
    }
}

/// A reader over input that `check_valid` accepted.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&mut self) -> u8 {
        while self.pos < self.data.len() && is_space(self.data[self.pos]) {
            self.pos += 1;
        }
        self.data.get(self.pos).copied().unwrap_or(0)
    }

    /// The Go kind name of the next value (`UnmarshalTypeError.Value`).
    fn kind(&mut self) -> &'static str {
        match self.peek() {
            b'{' => "object",
            b'[' => "array",
            b'"' => "string",
            b't' | b'f' => "bool",
            b'n' => "null",
            _ => "number",
        }
    }

    fn skip_string(&mut self) {
        self.pos += 1;
        while self.pos < self.data.len() {
            match self.data[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn skip_value(&mut self) {
        match self.peek() {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while self.pos < self.data.len() {
                    match self.data[self.pos] {
                        b'"' => {
                            self.skip_string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while self.pos < self.data.len()
                    && !matches!(self.data[self.pos], b',' | b']' | b'}')
                    && !is_space(self.data[self.pos])
                {
                    self.pos += 1;
                }
            }
        }
    }

    fn literal(&mut self) -> &str {
        self.peek();
        let start = self.pos;
        self.skip_value();
        std::str::from_utf8(&self.data[start..self.pos]).unwrap_or("")
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let b = self.data.get(at..at + 6)?;
        if b[0] != b'\\' || b[1] != b'u' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&b[2..]).ok()?, 16).ok()
    }

    /// `unquote`: a string's value; bad surrogates become U+FFFD.
    fn string(&mut self) -> String {
        self.peek();
        let mut out: Vec<u8> = Vec::new();
        self.pos += 1;
        while self.pos < self.data.len() {
            let c = self.data[self.pos];
            if c == b'"' {
                self.pos += 1;
                break;
            }
            if c != b'\\' {
                out.push(c);
                self.pos += 1;
                continue;
            }
            let e = self.data.get(self.pos + 1).copied().unwrap_or(0);
            let simple = match e {
                b'b' => Some(0x08),
                b'f' => Some(0x0c),
                b'n' => Some(b'\n'),
                b'r' => Some(b'\r'),
                b't' => Some(b'\t'),
                b'u' => None,
                other => Some(other),
            };
            if let Some(b) = simple {
                out.push(b);
                self.pos += 2;
                continue;
            }
            let r = self.hex4(self.pos).unwrap_or(0xfffd);
            self.pos += 6;
            let mut ch = char::from_u32(r);
            if (0xd800..0xe000).contains(&r) {
                ch = None;
                if (0xd800..0xdc00).contains(&r) {
                    if let Some(r2) = self
                        .hex4(self.pos)
                        .filter(|r2| (0xdc00..0xe000).contains(r2))
                    {
                        ch = char::from_u32(0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00));
                        self.pos += 6;
                    }
                }
            }
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.unwrap_or('\u{fffd}').encode_utf8(&mut buf).as_bytes());
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn expect(&mut self, c: u8) -> bool {
        if self.peek() == c {
            self.pos += 1;
            true
        } else {
            false
        }
    }
}

/// `foldName`: ASCII upper-casing, plus the two non-ASCII runes that fold
/// onto ASCII letters (U+017F long s, U+212A Kelvin sign).
fn fold_name(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{17f}' => 'S',
            '\u{212a}' => 'K',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// `json.Unmarshal` of the annotation into `[]core.Toleration`: the
/// tolerations as JSON objects (unset fields absent), or Go's error text.
pub fn decode_tolerations(data: &str) -> Result<Vec<Json>, String> {
    check_valid(data.as_bytes())?;
    let mut r = Reader {
        data: data.as_bytes(),
        pos: 0,
    };
    let mut first_error: Option<String> = None;
    let mut save = |msg: String| {
        if first_error.is_none() {
            first_error = Some(msg);
        }
    };
    let mut out = Vec::new();
    match r.kind() {
        "null" => {}
        "array" => {
            r.expect(b'[');
            if !r.expect(b']') {
                loop {
                    let mut t = Map::new();
                    match r.kind() {
                        "object" => decode_toleration(&mut r, &mut t, &mut save),
                        "null" => r.skip_value(),
                        kind => {
                            save(format!(
                                "json: cannot unmarshal {kind} into Go value of type core.Toleration"
                            ));
                            r.skip_value();
                        }
                    }
                    out.push(Json::Object(t));
                    if !r.expect(b',') {
                        r.expect(b']');
                        break;
                    }
                }
            }
        }
        kind => save(format!(
            "json: cannot unmarshal {kind} into Go value of type []core.Toleration"
        )),
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

fn decode_toleration(r: &mut Reader, t: &mut Map<String, Json>, save: &mut impl FnMut(String)) {
    const FIELDS: [(&str, &str); 5] = [
        ("key", "string"),
        ("operator", "core.TolerationOperator"),
        ("value", "string"),
        ("effect", "core.TaintEffect"),
        ("tolerationSeconds", "int64"),
    ];
    r.expect(b'{');
    if r.expect(b'}') {
        return;
    }
    loop {
        let name = r.string();
        r.expect(b':');
        let field = FIELDS
            .iter()
            .find(|(f, _)| *f == name)
            .or_else(|| {
                let folded = fold_name(&name);
                FIELDS.iter().find(|(f, _)| fold_name(f) == folded)
            })
            .copied();
        match field {
            None => r.skip_value(),
            Some((f, ty)) => {
                let type_error = |v: &str| {
                    format!("json: cannot unmarshal {v} into Go struct field Toleration.{f} of type {ty}")
                };
                let kind = r.kind();
                if kind == "null" {
                    // null leaves a value unset and a pointer nil
                    if f == "tolerationSeconds" {
                        t.remove(f);
                    }
                    r.skip_value();
                } else if f == "tolerationSeconds" && kind == "number" {
                    let lit = r.literal().to_string();
                    match lit.parse::<i64>() {
                        Ok(n) => {
                            t.insert(f.to_string(), Json::from(n));
                        }
                        Err(_) => save(type_error(&format!("number {lit}"))),
                    }
                } else if f != "tolerationSeconds" && kind == "string" {
                    let s = r.string();
                    t.insert(f.to_string(), Json::String(s));
                } else {
                    save(type_error(kind));
                    r.skip_value();
                }
            }
        }
        if !r.expect(b',') {
            r.expect(b'}');
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{check_valid, decode_tolerations};

    #[test]
    fn go_syntax_errors() {
        // texts of encoding/json's scanner (scanner_test.go / decode_test.go)
        for (input, want) in [
            ("", "unexpected end of JSON input"),
            ("[", "unexpected end of JSON input"),
            ("[{\"key\":\"a\"}", "unexpected end of JSON input"),
            ("\"abc", "unexpected end of JSON input"),
            ("x", "invalid character 'x' looking for beginning of value"),
            (
                "tru",
                "invalid character ' ' in literal true (expecting 'e')",
            ),
            (
                "nul",
                "invalid character ' ' in literal null (expecting 'l')",
            ),
            (
                "fals",
                "invalid character ' ' in literal false (expecting 'e')",
            ),
            (
                "[1,]",
                "invalid character ']' looking for beginning of value",
            ),
            ("{\"a\" 1}", "invalid character '1' after object key"),
            (
                "{\"a\":1 \"b\"}",
                "invalid character '\"' after object key:value pair",
            ),
            ("[1 2]", "invalid character '2' after array element"),
            (
                "{1:2}",
                "invalid character '1' looking for beginning of object key string",
            ),
            ("[] x", "invalid character 'x' after top-level value"),
            (
                "1.",
                "invalid character ' ' after decimal point in numeric literal",
            ),
            ("1e", "invalid character ' ' in exponent of numeric literal"),
            ("-", "invalid character ' ' in numeric literal"),
            ("-x", "invalid character 'x' in numeric literal"),
            ("01", "invalid character '1' after top-level value"),
            ("\"\\x\"", "invalid character 'x' in string escape code"),
            (
                "\"\\u12g4\"",
                "invalid character 'g' in \\u hexadecimal character escape",
            ),
            ("\"a\tb\"", "invalid character '\\t' in string literal"),
            (
                "'a'",
                "invalid character '\\'' looking for beginning of value",
            ),
            (
                "[\u{feff}]",
                "invalid character 'ï' looking for beginning of value",
            ),
            (
                "[\"a\",\u{a0}1]",
                "invalid character 'Â' looking for beginning of value",
            ),
            (
                "[\u{85}]",
                "invalid character 'Â' looking for beginning of value",
            ),
            (
                "[\x01]",
                "invalid character '\\x01' looking for beginning of value",
            ),
        ] {
            assert_eq!(
                check_valid(input.as_bytes()),
                Err(want.to_string()),
                "{input:?}"
            );
        }
        for ok in [
            "null",
            " [ ] ",
            "[{\"a\":[1,2.5e-3,true,false,null,{}]}]",
            "-0",
            "\"\\ud800\"",
        ] {
            assert_eq!(check_valid(ok.as_bytes()), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn toleration_decoding() {
        let ok = decode_tolerations(
            r#"[{"KEY":"a","operator":"Equal","value":"\u0062","effect":"NoExecute","tolerationſeconds":5,"x":{"y":[1]}}, null, {"key":null,"tolerationSeconds":null}]"#,
        );
        assert_eq!(
            ok,
            Ok(vec![
                serde_json::json!({"key": "a", "operator": "Equal", "value": "b", "effect": "NoExecute", "tolerationSeconds": 5}),
                serde_json::json!({}),
                serde_json::json!({}),
            ])
        );
        for (input, want) in [
            ("{}", "json: cannot unmarshal object into Go value of type []core.Toleration"),
            ("[\"a\"]", "json: cannot unmarshal string into Go value of type core.Toleration"),
            (
                "[{\"key\":1,\"operator\":true}]",
                "json: cannot unmarshal number into Go struct field Toleration.key of type string",
            ),
            (
                "[{\"operator\":[]}]",
                "json: cannot unmarshal array into Go struct field Toleration.operator of type core.TolerationOperator",
            ),
            (
                "[{\"effect\":{}}]",
                "json: cannot unmarshal object into Go struct field Toleration.effect of type core.TaintEffect",
            ),
            (
                "[{\"tolerationSeconds\":1.5}]",
                "json: cannot unmarshal number 1.5 into Go struct field Toleration.tolerationSeconds of type int64",
            ),
            (
                "[{\"tolerationSeconds\":\"5\"}]",
                "json: cannot unmarshal string into Go struct field Toleration.tolerationSeconds of type int64",
            ),
        ] {
            assert_eq!(decode_tolerations(input), Err(want.to_string()), "{input}");
        }
    }
}
