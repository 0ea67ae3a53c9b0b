//! The few Go standard-library string routines robfig's parser leans on, reproduced so
//! that what we accept and the error text we print match upstream byte for byte.

use std::fmt::Write as _;

/// Why `strconv.Atoi` refused its input (`strconv.ErrSyntax` / `strconv.ErrRange`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtoiError {
    Syntax,
    Range,
}

impl AtoiError {
    pub(crate) fn text(self) -> &'static str {
        match self {
            AtoiError::Syntax => "invalid syntax",
            AtoiError::Range => "value out of range",
        }
    }
}

/// Mirrors Go `strconv.Atoi` on a 64-bit platform (fast path and `ParseInt(s, 10, 0)`):
/// optional sign, ASCII digits only, no underscores, i64 range.
pub(crate) fn atoi(s: &str) -> Result<i64, AtoiError> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        None => return Err(AtoiError::Syntax),
        Some(b'+') => (false, &b[1..]),
        Some(b'-') => (true, &b[1..]),
        Some(_) => (false, b),
    };
    if digits.is_empty() {
        return Err(AtoiError::Syntax);
    }
    // strconv.ParseUint: errors are reported at the first bad byte or first overflow, in order.
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(AtoiError::Syntax);
        }
        n = match n
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(c - b'0')))
        {
            Some(v) => v,
            None => return Err(AtoiError::Range),
        };
    }
    // strconv.ParseInt: the i64 range check comes after the unsigned parse.
    const CUTOFF: u64 = 1 << 63;
    if !neg && n >= CUTOFF {
        return Err(AtoiError::Range);
    }
    if neg && n > CUTOFF {
        return Err(AtoiError::Range);
    }
    Ok(if neg {
        (n as i64).wrapping_neg()
    } else {
        n as i64
    })
}

/// Mirrors Go `strconv.Quote` (used by `%q` and by `NumError`): escapes `"` and `\`, the
/// usual C escapes, and non-printable runes as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_print(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Approximates Go `unicode.IsPrint` (letters, marks, numbers, punctuation, symbols and
/// ASCII space): controls, non-ASCII spaces, format characters and private use are not.
/// Unassigned code points cannot be told apart without Unicode tables; they count as printable.
fn is_go_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    !matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xD800..=0xDFFF
        | 0xFFFE | 0xFFFF)
}

/// Mirrors the private `quote` of Go's `time` package (used in `ParseDuration` errors):
/// only `"` and `\` are escaped; bytes of non-ASCII or control runes become `\xNN`.
pub(crate) fn time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).as_bytes() {
                let _ = write!(out, "\\x{:02x}", b);
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Mirrors Go `time.ParseDuration`, returning nanoseconds or the exact Go error text.
pub(crate) fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let mut s = orig.as_bytes();
    let mut d: u64 = 0;
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = &s[1..];
        }
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt
        let mut v: u64 = 0;
        let mut i = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(s[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i != 0;
        s = &s[i..];
        // leadingFraction
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if !s.is_empty() && s[0] == b'.' {
            s = &s[1..];
            let mut i = 0;
            let mut overflow = false;
            while i < s.len() && s[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(s[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i != 0;
            s = &s[i..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        // unit: everything up to the next digit or '.'
        let mut i = 0;
        while i < s.len() && !(s[i] == b'.' || s[i].is_ascii_digit()) {
            i += 1;
        }
        if i == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                time_quote(orig)
            ));
        }
        let unit_bytes = &s[..i];
        s = &s[i..];
        let unit: u64 = match unit_bytes {
            b"ns" => 1,
            b"us" | [0xc2, 0xb5, b's'] | [0xce, 0xbc, b's'] => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                // The unit ends before an ASCII byte, so it is valid UTF-8.
                let u = String::from_utf8_lossy(unit_bytes);
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(&u),
                    time_quote(orig)
                ));
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // Go converts with float64, truncating toward zero.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d += v;
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// Go `time.Duration.String` for a whole, non-negative number of seconds.
pub(crate) fn fmt_go_seconds(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_matches_go() {
        assert_eq!(atoi("+5"), Ok(5));
        assert_eq!(atoi("007"), Ok(7));
        assert_eq!(atoi("-3"), Ok(-3));
        assert_eq!(atoi(""), Err(AtoiError::Syntax));
        assert_eq!(atoi("+"), Err(AtoiError::Syntax));
        assert_eq!(atoi("1_0"), Err(AtoiError::Syntax));
        assert_eq!(atoi("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(atoi("9223372036854775808"), Err(AtoiError::Range));
        assert_eq!(atoi("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(atoi("99999999999999999999x"), Err(AtoiError::Range));
        assert_eq!(atoi("9999999999999999999x"), Err(AtoiError::Syntax));
    }

    #[test]
    fn durations_match_go() {
        assert_eq!(parse_duration("1h30m10s"), Ok(5_410_000_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("-0"), Ok(0));
        assert_eq!(parse_duration(".5s"), Ok(500_000_000));
        assert_eq!(parse_duration("1µs"), Ok(1_000));
        assert_eq!(
            parse_duration("1d").unwrap_err(),
            "time: unknown unit \"d\" in duration \"1d\""
        );
        assert_eq!(
            parse_duration("1h ").unwrap_err(),
            "time: unknown unit \"h \" in duration \"1h \""
        );
        assert_eq!(
            parse_duration("10").unwrap_err(),
            "time: missing unit in duration \"10\""
        );
        assert_eq!(
            parse_duration("").unwrap_err(),
            "time: invalid duration \"\""
        );
        assert_eq!(
            parse_duration(" 1h").unwrap_err(),
            "time: invalid duration \" 1h\""
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(go_quote("FOO"), "\"FOO\"");
        assert_eq!(go_quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(go_quote("\u{1}"), "\"\\x01\"");
        assert_eq!(time_quote("é"), "\"\\xc3\\xa9\"");
    }
}
