//! Decimal digits of an integer without a temporary string: the parser and
//! resolve passes number ids by the ten thousand, and a PDF's objects are
//! mostly integers, where `format!`/`to_string` allocate for each.

/// The digits of `n`, written into `buf` (right-aligned) and returned.
pub fn digits(n: u64, buf: &mut [u8; 20]) -> &str {
    // Only ASCII digits are written.
    std::str::from_utf8(digit_bytes(n, buf)).unwrap_or("")
}

/// [`digits`] as bytes, for byte output (no UTF-8 check).
pub fn digit_bytes(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    buf.get(at..).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_write_what_format_writes() {
        let mut buf = [0u8; 20];
        for n in [0u64, 7, 10, 99, 100, 12_345, 1_000_000, u64::MAX] {
            assert_eq!(digits(n, &mut buf), format!("{n}"));
        }
    }
}
