//! Lines for the person at the terminal, written so that a closed pipe is not a crash:
//! `brief check 2>&1 | head -3` stops reading early, and the rest of the report is
//! dropped rather than aborting the run with a panic (`println!` panics on a write
//! error).

/// Writes a formatted line to standard error; a write error (a closed pipe) is ignored.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr(), $($arg)*);
    }};
}

/// Writes a formatted line to standard output; a write error (a closed pipe) is ignored.
#[macro_export]
macro_rules! say_out {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout(), $($arg)*);
    }};
}
