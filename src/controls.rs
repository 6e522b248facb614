//! The control characters HTML does not allow in a page (C0 controls other than tab,
//! line feed, form feed and carriage return; DEL; C1 controls): found fast, and replaced
//! by U+FFFD, both in the files brief reads and in the values templates write.

/// Whether `text` holds a control character that HTML does not allow in a page (C0
/// controls other than tab, line feed, form feed and carriage return; DEL; C1 controls):
/// a YAML value can hold one through an escape such as `"\x01"`.
pub fn has_forbidden(text: &str) -> bool {
    let bytes = text.as_bytes();
    // 64 bytes at a time, without a branch per byte: a C0 control other than white space,
    // DEL, or 0xC2 (the first byte of the C1 controls, and of some letters) makes it look
    // closer.
    let maybe = bytes.chunks(64).any(|chunk| {
        chunk
            .iter()
            .fold(0u8, |seen, &b| seen | MAYBE_CONTROL[usize::from(b)])
            != 0
    });
    maybe
        && bytes.iter().enumerate().any(|(i, &b)| match b {
            b'\t' | b'\n' | 0x0c | b'\r' => false,
            0..0x20 | 0x7f => true,
            // C1 controls, U+0080 to U+009F, are 0xC2 0x80 to 0xC2 0x9F.
            0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)),
            _ => false,
        })
}

/// 1 for the bytes that may begin a control character HTML forbids.
static MAYBE_CONTROL: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = 1;
        b += 1;
    }
    table[b'\t' as usize] = 0;
    table[b'\n' as usize] = 0;
    table[0x0c] = 0;
    table[b'\r' as usize] = 0;
    table[0x7f] = 1;
    table[0xc2] = 1;
    table
};

/// `text` with each control character HTML does not allow replaced by U+FFFD.
pub fn replace_forbidden(text: &str) -> String {
    text.chars()
        .map(|c| match is_forbidden_control(c) {
            true => '\u{FFFD}',
            false => c,
        })
        .collect()
}

fn is_forbidden_control(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}') && !matches!(c, '\t' | '\n' | '\u{c}' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_forbidden_control_is_seen_and_replaced() {
        assert!(!has_forbidden("Café « x » \u{a0}\t\r\n\u{c}"));
        assert!(has_forbidden("x\u{0}"));
        assert_eq!(replace_forbidden("\u{9f}é"), "\u{FFFD}é");
        // Every control at every place of a long text is seen.
        for c in ['\u{0}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}'] {
            for at in 0..20 {
                let mut text = "abcdefghijklmnopqrst".to_string();
                text.insert(at, c);
                assert!(has_forbidden(&text), "{c:?} at {at}");
            }
        }
        assert!(!has_forbidden(
            "abcdefghijklmnopqrstuvwxyz ~!@#$%^&*()_+{}|:<>?"
        ));
    }
}
