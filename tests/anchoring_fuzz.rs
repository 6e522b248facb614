//! The fuzzing harness (`fuzz/src/harness.rs`) as ordinary tests: every input that once
//! crashed it (kept in `tests/anchoring/fuzz/`, one named file per bug), and a stress
//! run over generated inputs, so the harness runs without a nightly toolchain too.

#[path = "../fuzz/src/harness.rs"]
mod harness;
#[path = "anchoring/support.rs"]
mod support;

use proptest::prelude::*;

/// Runs every saved crash input through the harness.
#[test]
fn saved_fuzz_inputs_no_longer_fail() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anchoring/fuzz");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    inputs.sort();
    for path in inputs
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
    {
        let data = std::fs::read(path).unwrap_or_default();
        let outcome = std::panic::catch_unwind(|| harness::run(&data));
        assert!(outcome.is_ok(), "{} fails again", path.display());
    }
}

/// Seed inputs: (flags, markdown, quote, prefix, suffix).
fn input(flags: u8, parts: &[&str]) -> Vec<u8> {
    let mut data = vec![flags];
    data.extend_from_slice(parts.join("\0").as_bytes());
    data
}

#[test]
fn seeds_pass() {
    let article = include_str!("anchoring/article.md");
    for flags in [0u8, 1, 2, 3 << 2, 5 << 2, 32, 255] {
        harness::run(&input(flags, &[article, "arrived in Russia by train"]));
        harness::run(&input(flags, &[article, "Kim", "", " then"]));
        harness::run(&input(flags, &[article, "Kim", "leader "]));
        harness::run(&input(flags, &["Ким 😀👍🏽 e\u{301} -- \"x\"...", "Ким"]));
        harness::run(&[flags]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Arbitrary bytes.
    #[test]
    fn random_bytes_never_break_the_engine(data in prop::collection::vec(any::<u8>(), 0..512)) {
        harness::run(&data);
    }

    /// Generated Markdown with a quote cut from it, and random flags.
    #[test]
    fn generated_markdown_never_breaks_the_engine(
        flags in any::<u8>(),
        md in support::markdown(),
        cut in (0.0..1.0f64, 0.0..1.0f64),
        tail in prop::collection::vec(any::<u8>(), 0..24),
    ) {
        let chars: Vec<usize> = md.char_indices().map(|(i, _)| i).chain([md.len()]).collect();
        let a = (cut.0 * (chars.len() - 1) as f64) as usize;
        let b = (a + (cut.1 * 20.0) as usize).min(chars.len() - 1);
        let quote = md[chars[a]..chars[b]].replace('\0', "");
        let mut data = input(flags, &[&md, &quote]);
        data.extend(tail);
        harness::run(&data);
    }
}
