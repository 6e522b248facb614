//! Fuzz target: a whole site (briefing front matter, Markdown body, annotation sidecar,
//! a note) through every stage of the build, in memory (`cargo +nightly fuzz run site`).

#![no_main]

#[path = "../src/site.rs"]
mod site;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    site::run(data);
});
