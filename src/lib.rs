//! brief: a static site generator for annotated briefings.
//!
//! Data flows one way through the stages of the pipeline, each a module with plain data
//! in and out: [`config`] → [`load`] → [`anchor`] + [`markdown`] → [`graph`] → [`render`]
//! → [`output`]; [`build`] runs them in order and [`serve`] keeps them running for
//! `brief watch`. [`diagnostics`] is the one error type they all report with.
//! [`allocator`] sets up the memory allocator of the binaries.

pub mod allocator;
pub mod anchor;
pub mod build;
pub mod config;
#[macro_use]
pub mod console;
pub mod controls;
pub mod diagnostics;
mod fingerprint;
pub mod graph;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod yaml;

#[cfg(test)]
mod testkit;
