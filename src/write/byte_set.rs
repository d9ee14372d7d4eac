//! Sets of bytes as 256-entry tables built at compile time: the writers'
//! escapers and scanners test each byte of their text with one lookup
//! instead of a chain of comparisons, and copy the bytes outside the set
//! in runs.

/// The table of the set holding exactly `bytes` (`table[b]` is whether
/// byte `b` is in it).
pub const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_set_holds_exactly_its_bytes() {
        let set = byte_set(b"a\n\xe2");
        let members: Vec<usize> = (0..256).filter(|&b| set[b]).collect();
        assert_eq!(members, [0x0a, 0x61, 0xe2]);
        assert!(byte_set(b"").iter().all(|&b| !b));
    }
}
