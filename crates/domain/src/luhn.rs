//! The mod-10 (Luhn) check digit shared by personnummer and organisationsnummer.

/// Computes the Luhn check digit for `digits` (weights 2,1,2,1,… from the left).
///
/// `digits` must be ASCII digits; the caller guarantees this.
pub(crate) fn check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0') * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    ((10 - (sum % 10)) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::check_digit;

    #[test]
    fn known_values() {
        // 19900101-2385, one of Skatteverket's published test numbers.
        assert_eq!(check_digit(b"900101238"), 5);
        assert_eq!(check_digit(b"212000014"), 2);
    }
}
