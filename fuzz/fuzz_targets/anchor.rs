//! Fuzz target: arbitrary Markdown, quote, prefix, suffix and marks through the whole
//! anchoring engine (`cargo +nightly fuzz run anchor`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    brief_fuzz::run(data);
});
