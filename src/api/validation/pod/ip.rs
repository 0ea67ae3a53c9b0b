//! IP address syntax: `validation.IsValidIP` / `IsValidIPForLegacyField`
//! with strict validation off (the StrictIPCIDRValidation gate is alpha),
//! i.e. `netutils.ParseIPSloppy`, the Go 1.16 `net.ParseIP` fork that still
//! accepts leading zeros in IPv4 octets.

use crate::api::validation::field::{FieldError, Path, Value};

/// Go's `big` overflow guard in `dtoi` / `xtoi`.
const BIG: u32 = 0xFF_FFFF;

/// `dtoi`: leading decimal digits as a number, with the count consumed.
fn dtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        n = n * 10 + u32::from(s[i] - b'0');
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// `xtoi`: leading hexadecimal digits as a number, with the count consumed.
fn xtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() {
        let d = match s[i] {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => break,
        };
        n = n * 16 + u32::from(d);
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// `parseIPv4` (sloppy): four dotted decimal octets, leading zeros allowed.
fn parse_ipv4(mut s: &[u8]) -> bool {
    for i in 0..4 {
        if s.is_empty() {
            return false;
        }
        if i > 0 {
            if s[0] != b'.' {
                return false;
            }
            s = &s[1..];
        }
        match dtoi(s) {
            Some((n, c)) if n <= 0xFF => s = &s[c..],
            _ => return false,
        }
    }
    s.is_empty()
}

/// `parseIPv6` (no zone): hex groups, one `::`, optional trailing IPv4.
fn parse_ipv6(mut s: &[u8]) -> bool {
    let mut ellipsis: Option<usize> = None;
    if s.len() >= 2 && s[0] == b':' && s[1] == b':' {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return true;
        }
    }
    let mut i = 0;
    while i < 16 {
        let Some((n, c)) = xtoi(s) else {
            return false;
        };
        if n > 0xFFFF {
            return false;
        }
        if c < s.len() && s[c] == b'.' {
            if ellipsis.is_none() && i != 12 {
                return false;
            }
            if i + 4 > 16 {
                return false;
            }
            if !parse_ipv4(s) {
                return false;
            }
            s = &[];
            i += 4;
            break;
        }
        i += 2;
        s = &s[c..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return false;
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return false;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return false;
    }
    if i < 16 {
        ellipsis.is_some()
    } else {
        ellipsis.is_none()
    }
}

/// `netutils.ParseIPSloppy(s) != nil`: the first '.' or ':' picks the family.
pub fn is_ip_sloppy(s: &str) -> bool {
    let b = s.as_bytes();
    match b.iter().find(|&&c| c == b'.' || c == b':') {
        Some(b'.') => parse_ipv4(b),
        Some(_) => parse_ipv6(b),
        None => false,
    }
}

/// `validation.IsValidIP` (legacy, non-strict form).
pub fn ip_errors(path: &Path, value: &str) -> Vec<FieldError> {
    if is_ip_sloppy(value) {
        Vec::new()
    } else {
        vec![FieldError::invalid(
            path,
            Value::Str(value.to_string()),
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::is_ip_sloppy;

    #[test]
    fn sloppy_ip_syntax() {
        // rows after Go's net.ParseIP tests (pre-1.17, leading zeros allowed)
        for ok in [
            "127.0.1.2",
            "127.0.0.1",
            "127.001.002.003",
            "010.002.003.004",
            "::ffff:127.1.2.3",
            "::ffff:127.001.002.003",
            "::ffff:7f01:0203",
            "0:0:0:0:0000:ffff:127.1.2.3",
            "0:0:0:0:000000:ffff:127.1.2.3",
            "0:0:0:0::ffff:127.1.2.3",
            "2001:4860:0:2001::68",
            "2001:4860:0000:2001:0000:0000:0000:0068",
            "::",
            "::1",
            "1::",
            "fe80::abc",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "::1.2.3.4",
        ] {
            assert!(is_ip_sloppy(ok), "{ok} should parse");
        }
        for bad in [
            "",
            "a",
            "127.0.0.256",
            "127.0.0",
            "127.0.0.1.1",
            "-1.0.0.0",
            "1.2.3.4 ",
            "::ffff:127.0.0.256",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8",
            "1::2::3",
            ":1",
            "1:",
            "fe80::1%lo0",
            "1:2:3:4:5:1.2.3.4",
            "12345::",
            "10.0.0.1/24",
            "my.host",
        ] {
            assert!(!is_ip_sloppy(bad), "{bad} should not parse");
        }
    }
}
