//! The `anchor` stage: find where each quote selector lands in a document's reader text,
//! and where notes' names are mentioned automatically.
pub mod site;
