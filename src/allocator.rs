//! Set-up of the memory allocator of brief's binaries (mimalloc), outside the pipeline.
//!
//! mimalloc hands memory that has stayed free for a second back to the system. A build
//! frees and reuses hundreds of megabytes within seconds (every page's context and
//! HTML), so memory handed back is soon asked for again, and the kernel then zeroes it
//! once more: with transparent huge pages, 2 MiB at a time. In a cold build of 10,000
//! briefings that was about 1 s of system time out of 8 s of CPU time, and 15 % of the
//! wall time (see docs/performance.md). A one-off build keeps what it frees instead;
//! the system gets it all back a few seconds later, when the process ends.

use std::ffi::{c_int, c_long};

// The functions below are mimalloc's: link it in even where it is not the allocator
// (the library's own tests).
extern crate mimalloc as _;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same in its v2 and v3):
/// milliseconds before free memory is handed back, `-1` for never.
const MI_OPTION_PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    /// mimalloc's `mi_option_set` (options.c), linked in with the allocator itself.
    fn mi_option_set(option: c_int, value: c_long);
    /// mimalloc's `mi_option_get`.
    fn mi_option_get(option: c_int) -> c_long;
}

/// Makes mimalloc keep the memory a process frees, for processes that end once their
/// work is done (`brief build`, `brief check`). Long-running ones (`brief watch`) keep
/// the default, which gives memory back between rebuilds.
pub fn keep_freed_memory() {
    // SAFETY: `mi_option_set` only stores the value in mimalloc's table of options
    // (an atomic store), which is safe to do at any time and from any thread.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// mimalloc's purge delay, in milliseconds (`-1`: never).
pub fn purge_delay() -> c_long {
    // SAFETY: `mi_option_get` only reads mimalloc's table of options.
    unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number is mimalloc's purge delay: the value mimalloc reads from
    /// `MIMALLOC_PURGE_DELAY` when it starts is the one read back under that number. The
    /// test runs itself again in a child process, since mimalloc reads its environment
    /// only once, before `main`.
    #[test]
    fn the_option_set_is_the_purge_delay() {
        const CHILD: &str = "BRIEF_ALLOCATOR_TEST_CHILD";
        if std::env::var_os(CHILD).is_some() {
            assert_eq!(purge_delay(), 1234);
            keep_freed_memory();
            assert_eq!(purge_delay(), -1);
            return;
        }
        let exe = std::env::current_exe().expect("the test binary");
        let status = std::process::Command::new(exe)
            .args([
                "--exact",
                "allocator::tests::the_option_set_is_the_purge_delay",
            ])
            .env(CHILD, "1")
            .env("MIMALLOC_PURGE_DELAY", "1234")
            .status()
            .expect("the test binary runs");
        assert!(status.success(), "the child test failed");
    }
}
