//! `resource.Quantity` as the API server reads a resource list
//! (`k8s.io/apimachinery/pkg/api/resource`): parsing, comparison and the
//! canonical string, held exactly (a decimal digit string and a power of ten).

use std::cmp::Ordering;

/// `splitREString`, quoted by `ErrFormatWrong`.
pub const FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `ErrSuffix`.
pub const SUFFIX_WRONG: &str = "unable to parse quantity's suffix";

/// `resource.Format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    DecimalExponent,
    BinarySI,
    DecimalSI,
}

/// An exact quantity: `(-1)^negative * digits * 10^exp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    negative: bool,
    /// Decimal digits of the magnitude, most significant first, no leading zeros.
    digits: Vec<u8>,
    exp: i64,
    format: Format,
    /// `Quantity.s`: the text as written when it was already canonical.
    cached: Option<String>,
    /// The `int64Amount` form and its scale (`None` for the `inf.Dec` form).
    int_scale: Option<i64>,
}

/// `parseQuantityString`: (positive, value, num, denom, suffix).
fn scan(s: &str) -> Result<(bool, &str, &str, &str, &str), &'static str> {
    let b = s.as_bytes();
    let end = b.len();
    let mut positive = true;
    let mut pos = 0;
    if let Some(&c) = b.first() {
        if c == b'-' {
            positive = false;
            pos += 1;
        } else if c == b'+' {
            pos += 1;
        }
    }
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok((positive, "0", "0", "", ""));
    }
    let start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos >= end {
        return Ok((positive, s, &s[start..], "", ""));
    }
    let mut num = &s[start..pos];
    if num.is_empty() {
        num = "0";
    }
    let mut denom = "";
    if b[pos] == b'.' {
        pos += 1;
        let dstart = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[dstart..pos];
        if pos >= end {
            return Ok((positive, s, num, denom, ""));
        }
    }
    let value = &s[..pos];
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos >= end {
        return Ok((positive, value, num, denom, &s[suffix_start..]));
    }
    if b[pos] == b'-' || b[pos] == b'+' {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos >= end {
        Ok((positive, value, num, denom, &s[suffix_start..]))
    } else {
        Err(FORMAT_WRONG)
    }
}

fn lookup(s: &str) -> Option<(u32, i64, Format)> {
    let dec = |e| Some((10, e, Format::DecimalSI));
    let bin = |e| Some((2, e, Format::BinarySI));
    match s {
        "" => dec(0),
        "n" => dec(-9),
        "u" => dec(-6),
        "m" => dec(-3),
        "k" => dec(3),
        "M" => dec(6),
        "G" => dec(9),
        "T" => dec(12),
        "P" => dec(15),
        "E" => dec(18),
        "Ki" => bin(10),
        "Mi" => bin(20),
        "Gi" => bin(30),
        "Ti" => bin(40),
        "Pi" => bin(50),
        "Ei" => bin(60),
        _ => None,
    }
}

/// `suffixHandler.interpret`, with its first-letter case fix.
fn interpret(s: &str) -> Option<(u32, i64, Format)> {
    if let Some(found) = lookup(s) {
        return Some(found);
    }
    if s.len() > 1 && (s.starts_with('e') || s.starts_with('E')) {
        // strconv.ParseInt(s[1:], 10, 64), then int32(...)
        let parsed: i64 = s[1..].parse().ok()?;
        return Some((10, i64::from(parsed as i32), Format::DecimalExponent));
    }
    let mut chars: Vec<char> = s.chars().collect();
    let first = chars.first_mut()?;
    if first.is_ascii_lowercase() {
        *first = first.to_ascii_uppercase();
    } else if first.is_ascii_uppercase() {
        *first = first.to_ascii_lowercase();
    }
    let altered: String = chars.into_iter().collect();
    lookup(&altered)
}

fn strip_leading(mut d: Vec<u8>) -> Vec<u8> {
    let zeros = d.iter().take_while(|&&c| c == 0).count();
    d.drain(..zeros);
    d
}

fn mul_small(d: &[u8], m: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(d.len() + 20);
    let mut carry: u64 = 0;
    for &c in d.iter().rev() {
        let v = u64::from(c) * m + carry;
        out.push((v % 10) as u8);
        carry = v / 10;
    }
    while carry > 0 {
        out.push((carry % 10) as u8);
        carry /= 10;
    }
    out.reverse();
    strip_leading(out)
}

fn add_one(d: &[u8]) -> Vec<u8> {
    let mut out = d.to_vec();
    for c in out.iter_mut().rev() {
        if *c == 9 {
            *c = 0;
        } else {
            *c += 1;
            return out;
        }
    }
    out.insert(0, 1);
    out
}

fn digits_of(s: &str) -> Vec<u8> {
    strip_leading(s.bytes().map(|c| c - b'0').collect())
}

/// 2^63 - 1 (`maxAllowed`), the cap of a BinarySI quantity.
const MAX_ALLOWED: &str = "9223372036854775807";

impl Quantity {
    /// `ParseQuantity`.
    pub fn parse(text: &str) -> Result<Quantity, &'static str> {
        if text.is_empty() {
            return Err(FORMAT_WRONG);
        }
        if text == "0" {
            return Ok(Quantity {
                negative: false,
                digits: Vec::new(),
                exp: 0,
                format: Format::DecimalSI,
                cached: Some("0".to_string()),
                int_scale: Some(0),
            });
        }
        let (positive, _value, num, denom, suf) = scan(text)?;
        let (base, exponent, mut format) = interpret(suf).ok_or(SUFFIX_WRONG)?;
        let shifted = format!("{num}{denom}");
        let denom_len = denom.len() as i64;
        let mut q = Quantity {
            negative: !positive,
            digits: digits_of(&shifted),
            exp: -denom_len,
            format,
            cached: None,
            int_scale: None,
        };
        if base == 10 {
            q.exp += exponent;
        } else {
            q.digits = mul_small(&q.digits, 1u64 << (exponent as u32));
        }
        // The int64 fast path of ParseQuantity.
        match format {
            Format::DecimalExponent | Format::DecimalSI => {
                let precision = 18 - (num.len() + denom.len()) as i64;
                let scale = exponent - denom_len;
                if precision >= 0 && scale >= -9 {
                    q.int_scale = Some(scale);
                    if scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0') {
                        q.cached = Some(text.to_string());
                    }
                }
            }
            Format::BinarySI => {
                if denom.is_empty() {
                    let precision = 15 - num.len() as i64 - (exponent * 3) / 10 - 1;
                    if precision >= 0 {
                        if let Ok(v) = num.parse::<i64>() {
                            if v.checked_mul(1i64 << (exponent as u32)).is_some() {
                                q.int_scale = Some(0);
                                if exponent % 10 == 0 && (v & 7) != 0 {
                                    q.cached = Some(text.to_string());
                                }
                            }
                        }
                    }
                }
            }
        }
        if q.int_scale.is_some() {
            return Ok(q.normalized());
        }
        // inf.Dec path: round up to nano, cap BinarySI, tiny BinarySI is DecimalSI.
        q.round_away(-9);
        if format == Format::BinarySI
            && q.cmp_magnitude(&digits_of(MAX_ALLOWED), 0) == Ordering::Greater
        {
            q.digits = digits_of(MAX_ALLOWED);
            q.exp = 0;
        }
        if format == Format::BinarySI && !q.is_zero() && q.cmp_magnitude(&[1], 0) == Ordering::Less
        {
            format = Format::DecimalSI;
            q.format = format;
        }
        Ok(q.normalized())
    }

    fn normalized(mut self) -> Self {
        self.digits = strip_leading(std::mem::take(&mut self.digits));
        if self.digits.is_empty() {
            self.negative = false;
            self.exp = 0;
        }
        self
    }

    /// Rounds the magnitude up to a multiple of 10^scale (away from zero).
    fn round_away(&mut self, scale: i64) {
        if self.exp >= scale || self.digits.is_empty() {
            return;
        }
        let cut = (scale - self.exp) as usize;
        let keep = self.digits.len().saturating_sub(cut);
        let dropped_nonzero = self.digits[keep..].iter().any(|&c| c != 0);
        let mut kept = self.digits[..keep].to_vec();
        if dropped_nonzero {
            kept = add_one(&kept);
        }
        self.digits = strip_leading(kept);
        self.exp = scale;
        if self.digits.is_empty() {
            self.negative = false;
        }
    }

    /// `SetDefaults_ResourceList`: `RoundUp(-3)`.
    pub fn round_up_milli(&mut self) {
        match self.int_scale {
            Some(scale) if scale >= -3 => {}
            _ => {
                self.cached = None;
                self.round_away(-3);
                if self.int_scale.is_some() {
                    self.int_scale = Some(-3);
                }
            }
        }
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.negative && !self.is_zero()
    }

    /// Digits with trailing zeros moved into the exponent.
    fn trimmed(&self) -> (Vec<u8>, i64) {
        let zeros = self.digits.iter().rev().take_while(|&&c| c == 0).count();
        let d = self.digits[..self.digits.len() - zeros].to_vec();
        (d, self.exp + zeros as i64)
    }

    fn cmp_magnitude(&self, other_digits: &[u8], other_exp: i64) -> Ordering {
        let other = Quantity {
            negative: false,
            digits: strip_leading(other_digits.to_vec()),
            exp: other_exp,
            format: Format::DecimalSI,
            cached: None,
            int_scale: None,
        };
        let (a, ae) = self.trimmed();
        let (b, be) = other.trimmed();
        match (a.is_empty(), b.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let oa = a.len() as i64 + ae;
        let ob = b.len() as i64 + be;
        if oa != ob {
            return oa.cmp(&ob);
        }
        for i in 0..a.len().max(b.len()) {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            if x != y {
                return x.cmp(&y);
            }
        }
        Ordering::Equal
    }

    /// `Quantity.Cmp`.
    pub fn cmp_value(&self, other: &Quantity) -> Ordering {
        let sa = self.is_negative();
        let sb = other.is_negative();
        match (sa, sb) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => self.cmp_magnitude(&other.digits, other.exp),
            (true, true) => other.cmp_magnitude(&self.digits, self.exp),
        }
    }

    /// Whether the value is a whole number (`MilliValue() % 1000 == 0` once
    /// rounded to milli).
    pub fn is_integer(&self) -> bool {
        let (_, e) = self.trimmed();
        self.is_zero() || e >= 0
    }

    /// `Quantity.Value()` as an i128 (rounded up away from zero), or None when
    /// it does not fit.
    pub fn value_i128(&self) -> Option<i128> {
        let mut q = self.clone();
        q.round_away(0);
        let mut v: i128 = 0;
        for &c in &q.digits {
            v = v.checked_mul(10)?.checked_add(i128::from(c))?;
        }
        for _ in 0..q.exp.max(0) {
            v = v.checked_mul(10)?;
        }
        Some(if q.negative { -v } else { v })
    }

    /// `Quantity.String()`: the canonical form (or the text as written when
    /// it already was canonical).
    pub fn canonical(&self) -> String {
        if let Some(s) = &self.cached {
            return s.clone();
        }
        if self.is_zero() {
            return "0".to_string();
        }
        let sign = if self.negative { "-" } else { "" };
        let mut format = self.format;
        if format == Format::BinarySI {
            let small = self.cmp_magnitude(&[1, 0, 2, 4], 0) == Ordering::Less;
            if small || !self.is_integer() {
                format = Format::DecimalSI;
            }
        }
        if format == Format::BinarySI {
            // AsCanonicalBase1024Bytes: divide out factors of 1024.
            let (d, e) = self.trimmed();
            let mut digits = d;
            digits.extend(std::iter::repeat_n(0, e.max(0) as usize));
            let mut k = 0;
            loop {
                let (q, r) = div_small(&digits, 1024);
                if r != 0 || q.is_empty() {
                    break;
                }
                digits = q;
                k += 1;
            }
            let suffix = match k * 10 {
                10 => "Ki",
                20 => "Mi",
                30 => "Gi",
                40 => "Ti",
                50 => "Pi",
                60 => "Ei",
                _ => "",
            };
            return format!("{sign}{}{suffix}", text_of(&digits));
        }
        let (mut d, mut e) = self.trimmed();
        while e % 3 != 0 {
            d.push(0);
            e -= 1;
        }
        let suffix = match format {
            Format::DecimalExponent if e == 0 => String::new(),
            Format::DecimalExponent => format!("e{e}"),
            _ => match e {
                -9 => "n",
                -6 => "u",
                -3 => "m",
                0 => "",
                3 => "k",
                6 => "M",
                9 => "G",
                12 => "T",
                15 => "P",
                18 => "E",
                _ => "",
            }
            .to_string(),
        };
        format!("{sign}{}{suffix}", text_of(&d))
    }
}

fn div_small(d: &[u8], m: u64) -> (Vec<u8>, u64) {
    let mut out = Vec::with_capacity(d.len());
    let mut rem: u64 = 0;
    for &c in d {
        let v = rem * 10 + u64::from(c);
        out.push((v / m) as u8);
        rem = v % m;
    }
    (strip_leading(out), rem)
}

fn text_of(d: &[u8]) -> String {
    if d.is_empty() {
        return "0".to_string();
    }
    d.iter().map(|&c| char::from(b'0' + c)).collect()
}

/// Reads a quantity from its JSON form (`Quantity.UnmarshalJSON`): a string
/// (trimmed) or a bare number; `null` is zero.
pub fn from_json(v: &serde_json::Value) -> Result<Quantity, String> {
    let text = match v {
        serde_json::Value::Null => return Quantity::parse("0").map_err(str::to_string),
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    Quantity::parse(&text).map_err(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        let mut q = Quantity::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        q.round_up_milli();
        q.canonical()
    }

    #[test]
    fn parses_and_prints_like_apimachinery() {
        for (input, want) in [
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("500m", "500m"),
            ("1e3", "1e3"),
            ("1.5", "1500m"),
            ("1.5Gi", "1536Mi"),
            ("0.1m", "1m"),
            ("1000", "1k"),
            ("-1", "-1"),
            ("0", "0"),
            ("1k", "1k"),
            ("1K", "1K"), // canonical as written: kept verbatim
            ("0.5Ki", "512"),
            ("100", "100"),
            ("2000m", "2"),
            (".5", "500m"),
        ] {
            assert_eq!(canon(input), want, "{input}");
        }
        for bad in ["1Gb", "abc", "", "1.5.5", "1 Gi"] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
        let a = Quantity::parse("1Gi").unwrap_or_else(|_| unreachable!());
        let b = Quantity::parse("1073741824").unwrap_or_else(|_| unreachable!());
        assert_eq!(a.cmp_value(&b), Ordering::Equal);
        let c = Quantity::parse("1G").unwrap_or_else(|_| unreachable!());
        assert_eq!(c.cmp_value(&a), Ordering::Less);
    }
}
