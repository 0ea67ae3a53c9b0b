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

/// `suffixHandler.interpret`: a listed suffix, or `e`/`E` and an exponent
/// within ±MaxInt32 (a wider one is rejected, not truncated).
fn interpret(s: &str) -> Option<(u32, i64, Format)> {
    if let Some(found) = lookup(s) {
        return Some(found);
    }
    if s.len() > 1 && (s.starts_with('e') || s.starts_with('E')) {
        let parsed: i64 = s[1..].parse().ok()?;
        let bound = i64::from(i32::MAX);
        if !(-bound..=bound).contains(&parsed) {
            return None;
        }
        return Some((10, parsed, Format::DecimalExponent));
    }
    None
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

    /// The value in thousandths, when it is a whole number of them and fits.
    pub fn milli_i128(&self) -> Option<i128> {
        let mut v: i128 = 0;
        for &c in &self.digits {
            v = v.checked_mul(10)?.checked_add(i128::from(c))?;
        }
        let shift = self.exp.checked_add(3)?;
        if shift < 0 {
            return None;
        }
        for _ in 0..shift {
            v = v.checked_mul(10)?;
        }
        Some(if self.negative { -v } else { v })
    }

    /// `Quantity.Add` on milli values: the sum takes the format of the
    /// first non-zero term and loses any cached text. None when a term is
    /// not a whole number of thousandths or the sum overflows.
    pub fn add(&self, y: &Quantity) -> Option<Quantity> {
        let a = self.milli_i128()?;
        let b = y.milli_i128()?;
        let format = if a == 0 { y.format } else { self.format };
        let sum = a.checked_add(b)?;
        Some(
            Quantity {
                negative: sum < 0,
                digits: digits_of(&sum.unsigned_abs().to_string()),
                exp: -3,
                format,
                cached: None,
                int_scale: None,
            }
            .normalized(),
        )
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
                0 => "",
                10 => "Ki",
                20 => "Mi",
                30 => "Gi",
                40 => "Ti",
                50 => "Pi",
                60 => "Ei",
                // No binary suffix past Ei: the exact decimal exponent form.
                _ => return self.decimal_form(sign, Format::DecimalExponent),
            };
            return format!("{sign}{}{suffix}", text_of(&digits));
        }
        self.decimal_form(sign, format)
    }

    /// `AsCanonicalBytes` with the decimal suffix (DecimalSI falls back to
    /// the exponent form past `E` and below `n`).
    fn decimal_form(&self, sign: &str, format: Format) -> String {
        let (mut d, mut e) = self.trimmed();
        while e % 3 != 0 {
            d.push(0);
            e -= 1;
        }
        let exponent_form = || {
            if e == 0 {
                String::new()
            } else {
                format!("e{e}")
            }
        };
        let suffix = match format {
            Format::DecimalExponent => exponent_form(),
            _ => match e {
                -9 => "n".to_string(),
                -6 => "u".to_string(),
                -3 => "m".to_string(),
                0 => String::new(),
                3 => "k".to_string(),
                6 => "M".to_string(),
                9 => "G".to_string(),
                12 => "T".to_string(),
                15 => "P".to_string(),
                18 => "E".to_string(),
                _ => exponent_form(),
            },
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
    //! Rows of apimachinery's `quantity_test.go`.
    use super::*;

    fn parse(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    /// `decQuantity(m, exp, format)`.
    fn q(m: i128, exp: i64, format: Format) -> Quantity {
        Quantity {
            negative: m < 0,
            digits: digits_of(&m.unsigned_abs().to_string()),
            exp,
            format,
            cached: None,
            int_scale: None,
        }
        .normalized()
    }

    use Format::{BinarySI as B, DecimalExponent as X, DecimalSI as D};

    /// `TestQuantityParse`, with the `-` and `+` variants of every row.
    #[test]
    fn quantity_parse() {
        let max = i128::from(i64::MAX);
        let table: &[(&str, i128, i64, Format)] = &[
            ("0", 0, 0, D),
            ("0n", 0, 0, D),
            ("0u", 0, 0, D),
            ("0m", 0, 0, D),
            ("0Ki", 0, 0, B),
            ("0k", 0, 0, D),
            ("0Mi", 0, 0, B),
            ("0M", 0, 0, D),
            ("0Gi", 0, 0, B),
            ("0G", 0, 0, D),
            ("0Ti", 0, 0, B),
            ("0T", 0, 0, D),
            ("1", 1, 0, D),
            ("1Ki", 1024, 0, B),
            ("8Ki", 8 * 1024, 0, B),
            ("7Mi", 7 << 20, 0, B),
            ("6Gi", 6 << 30, 0, B),
            ("5Ti", 5 << 40, 0, B),
            ("4Pi", 4 << 50, 0, B),
            ("3Ei", 3 << 60, 0, B),
            ("10Ti", 10 << 40, 0, B),
            ("100Ti", 100 << 40, 0, B),
            ("5n", 5, -9, D),
            ("4u", 4, -6, D),
            ("3m", 3, -3, D),
            ("9", 9, 0, D),
            ("8k", 8, 3, D),
            ("50k", 5, 4, D),
            ("7M", 7, 6, D),
            ("6G", 6, 9, D),
            ("5T", 5, 12, D),
            ("40T", 4, 13, D),
            ("300T", 3, 14, D),
            ("2P", 2, 15, D),
            ("1E", 1, 18, D),
            ("1E-3", 1, -3, X),
            ("1e3", 1, 3, X),
            ("1E6", 1, 6, X),
            ("1e9", 1, 9, X),
            ("1E12", 1, 12, X),
            ("1e15", 1, 15, X),
            ("1E18", 1, 18, X),
            ("1e14", 1, 14, X),
            ("1e13", 1, 13, X),
            ("100.035k", 100035, 0, D),
            ("0.001", 1, -3, D),
            ("0.0005k", 5, -1, D),
            ("0.005", 5, -3, D),
            ("0.05", 5, -2, D),
            ("0.5", 5, -1, D),
            ("0.00050k", 5, -1, D),
            ("0.00500", 5, -3, D),
            ("0.05000", 5, -2, D),
            ("0.50000", 5, -1, D),
            ("0.5e0", 5, -1, X),
            ("0.5e-1", 5, -2, X),
            ("0.5e-2", 5, -3, X),
            ("10.035M", 10035, 3, D),
            ("1.2e3", 12, 2, X),
            ("1.3E+6", 13, 5, X),
            ("1.40e9", 14, 8, X),
            ("1.53E12", 153, 10, X),
            ("1.6e15", 16, 14, X),
            ("1.7E18", 17, 17, X),
            ("9.01", 901, -2, D),
            ("8.1k", 81, 2, D),
            ("7.123456M", 7123456, 0, D),
            ("6.987654321G", 6987654321, 0, D),
            ("5.444T", 5444, 9, D),
            ("40.1T", 401, 11, D),
            ("300.2T", 3002, 11, D),
            ("2.5P", 25, 14, D),
            ("1.01E", 101, 16, D),
            ("3.001n", 4, -9, D),
            ("1.1E-9", 2, -9, X),
            ("0.0000000001", 1, -9, D),
            ("0.0000000005", 1, -9, D),
            ("0.00000000050", 1, -9, D),
            ("0.5e-9", 1, -9, X),
            ("0.9n", 1, -9, D),
            ("0.00000012345", 124, -9, D),
            ("0.00000012354", 124, -9, D),
            ("9Ei", max, 0, B),
            ("9223372036854775807Ki", max, 0, B),
            ("12E", 12, 18, D),
            ("100.035Ki", 10243584, -2, B),
            ("0.5Mi", 512 * 1024, 0, B),
            ("0.05Gi", 536870912, -1, B),
            ("0.025Ti", 274877906944, -1, B),
            ("0.000000000001Ki", 2, -9, D),
            (".001", 1, -3, D),
            (".0001k", 100, -3, D),
            ("1.", 1, 0, D),
            ("1.G", 1, 9, D),
        ];
        for &(input, m, exp, format) in table {
            for (prefix, sign) in [("", 1), ("-", -1), ("+", 1)] {
                let text = format!("{prefix}{input}");
                let got = parse(&text);
                let want = q(sign * m, exp, format);
                assert_eq!(got.cmp_value(&want), Ordering::Equal, "{text}: got {got:?}");
                assert_eq!(got.format, format, "{text}");
            }
        }
        assert!(Quantity::parse("").is_err());
        for bad in [
            "1.1.M",
            "1+1.0M",
            "0.1mi",
            "0.1am",
            "aoeu",
            ".5i",
            "1i",
            "-3.01i",
            "-3.01e-",
            "1e4294967297",
            " 1",
            "1 ",
            "Non-Numeric",
            "1Gb",
            "abc",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad} parsed");
        }
    }

    /// `TestInterpretExponentInt32Bounds`.
    #[test]
    fn exponent_bounds() {
        for (suffix, want) in [
            ("e14", Some(14)),
            ("E2147483647", Some(2147483647)),
            ("E-2147483647", Some(-2147483647)),
            ("E2147483648", None),
            ("E-2147483648", None),
            ("E4294967297", None),
            ("E8589934592", None),
            ("E9223372036854775807", None),
            ("E9223372036854775808", None),
            ("E6024865272343", None),
        ] {
            assert_eq!(
                interpret(suffix).map(|(_, e, f)| (e, f)),
                want.map(|e| (e, X)),
                "{suffix}"
            );
        }
    }

    /// `TestParseQuantityString`.
    #[test]
    fn parse_quantity_string() {
        for (input, want) in [
            ("0.025Ti", (true, "0.025", "0", "025", "Ti")),
            ("1.025Ti", (true, "1.025", "1", "025", "Ti")),
            ("-1.025Ti", (false, "-1.025", "1", "025", "Ti")),
            (".", (true, ".", "0", "", "")),
            ("-.", (false, "-.", "0", "", "")),
            ("1E-3", (true, "1", "1", "", "E-3")),
        ] {
            assert_eq!(scan(input), Ok(want), "{input}");
        }
    }

    /// `TestQuantityString` (canonical form, the cached text on parse, the
    /// alternate spellings) and its negated rows.
    #[test]
    fn quantity_string() {
        let table: &[(i128, i64, Format, &str, &str)] = &[
            (1 << 30, 0, B, "1Gi", "1024Mi"),
            (300 << 20, 0, B, "300Mi", "307200Ki"),
            (6 * 1024, 0, B, "6Ki", ""),
            (1001 << 30, 0, B, "1001Gi", "1025024Mi"),
            (1 << 40, 0, B, "1Ti", "1024Gi"),
            (5, 0, B, "5", "5000m"),
            (500, -3, B, "500m", "0.5"),
            (1, 9, D, "1G", "1000M"),
            (1000, 6, D, "1G", "0.001T"),
            (1000000, 3, D, "1G", ""),
            (1000000000, 0, D, "1G", ""),
            (1, -3, D, "1m", "1000u"),
            (80, -3, D, "80m", ""),
            (1080, -3, D, "1080m", "1.08"),
            (108, -2, D, "1080m", "1080000000n"),
            (10800, -4, D, "1080m", ""),
            (300, 6, D, "300M", ""),
            (1, 12, D, "1T", ""),
            (1, 18, D, "1E", ""),
            (1, 21, D, "1e21", "1000E"),
            (5, 21, D, "5e21", "5000E"),
            (1, 24, D, "1e24", "1000000E"),
            (1, 70, B, "10e69", ""),
            (2, 70, B, "20e69", ""),
            (1, 72, B, "1e72", ""),
            (1234567, 6, D, "1234567M", ""),
            (1234567, -3, B, "1234567m", ""),
            (3, 3, D, "3k", ""),
            (1025, 0, B, "1025", ""),
            (0, 0, D, "0", ""),
            (0, 0, B, "0", ""),
            (1, 9, X, "1e9", ".001e12"),
            (1, -3, X, "1e-3", "0.001e0"),
            (1, -9, X, "1e-9", "1000e-12"),
            (80, -3, X, "80e-3", ""),
            (300, 6, X, "300e6", ""),
            (1, 12, X, "1e12", ""),
            (1, 3, X, "1e3", ""),
            (3, 3, X, "3e3", ""),
            (0, 0, X, "0", "00"),
            (1, -9, D, "1n", ""),
            (80, -9, D, "80n", ""),
            (1080, -9, D, "1080n", ""),
            (108, -8, D, "1080n", ""),
            (10800, -10, D, "1080n", ""),
            (1, -6, D, "1u", ""),
            (80, -6, D, "80u", ""),
            (1080, -6, D, "1080u", ""),
        ];
        for &(m, exp, format, expect, alternate) in table {
            assert_eq!(
                q(m, exp, format).canonical(),
                expect,
                "{m}e{exp} {format:?}"
            );
            assert_eq!(
                parse(expect).cached.as_deref(),
                Some(expect),
                "cached {expect}"
            );
            if !alternate.is_empty() {
                let alt = parse(alternate);
                assert_eq!(alt.cached, None, "{alternate}");
                assert_eq!(alt.canonical(), expect, "{alternate}");
            }
            if m != 0 {
                assert_eq!(q(-m, exp, format).canonical(), format!("-{expect}"));
            }
        }
        // TestBinarySIZeroExponentString and TestQuantityStringBelowNano.
        assert_eq!(q(2000, 0, B).canonical(), "2000");
        assert_eq!(q(-2000, 0, B).canonical(), "-2000");
        assert_eq!(q(1, -12, D).canonical(), "1e-12");
        assert_eq!(q(1, -10, D).canonical(), "100e-12");
        // TestBinarySIPastEiArithmeticRoundTrip: 2^70.
        assert_eq!(q(1 << 70, 0, B).canonical(), "1180591620717411303424");
    }

    /// `TestQuantityParseEmit`, with the negated rows.
    #[test]
    fn quantity_parse_emit() {
        for (input, expect) in [
            ("1Ki", "1Ki"),
            ("1Mi", "1Mi"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1000M", "1G"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
        ] {
            assert_eq!(parse(input).canonical(), expect, "{input}");
            assert_eq!(
                parse(&format!("-{input}")).canonical(),
                format!("-{expect}")
            );
        }
    }

    /// `TestQuantityCmp` and `TestQuantityRoundUp` (values only).
    #[test]
    fn quantity_cmp_and_round_up() {
        for (x, y, want) in [
            ("0", "0", Ordering::Equal),
            ("100m", "50m", Ordering::Greater),
            ("50m", "100m", Ordering::Less),
            ("10000T", "100Gi", Ordering::Greater),
        ] {
            assert_eq!(parse(x).cmp_value(&parse(y)), want, "{x} {y}");
        }
        for (input, scale, m, exp) in [
            ("9.01", -3, 901, -2),
            ("9.01", -2, 901, -2),
            ("9.01", -1, 91, -1),
            ("9.01", 0, 10, 0),
            ("9.01", 1, 10, 0),
            ("9.01", 2, 100, 0),
            ("-9.01", -3, -901, -2),
            ("-9.01", -2, -901, -2),
            ("-9.01", -1, -91, -1),
            ("-9.01", 0, -10, 0),
            ("-9.01", 1, -10, 0),
            ("-9.01", 2, -100, 0),
        ] {
            let mut got = parse(input);
            got.round_away(scale);
            assert_eq!(
                got.cmp_value(&q(m, exp, D)),
                Ordering::Equal,
                "{input} {scale}"
            );
        }
    }

    /// What a resource list holds after `SetDefaults_ResourceList`.
    #[test]
    fn resource_list_values() {
        for (input, want) in [
            ("1Gi", "1Gi"),
            ("500m", "500m"),
            ("1e3", "1e3"),
            ("1.5", "1500m"),
            ("1.5Gi", "1536Mi"),
            ("0.1m", "1m"),
            ("1000", "1k"),
            ("-1", "-1"),
            ("+1", "+1"),
            ("01", "01"),
            ("1000E", "1e21"),
            ("0.5Ki", "512"),
            ("2000m", "2"),
            (".5", "500m"),
        ] {
            let mut got = parse(input);
            got.round_up_milli();
            assert_eq!(got.canonical(), want, "{input}");
        }
    }
}
