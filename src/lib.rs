//! brief: a static site generator for annotated briefings.
//!
//! Data flows one way through the stages of the pipeline, each a module with plain data
//! in and out: [`config`] → [`load`] → [`anchor`] + [`markdown`] → [`graph`] → [`render`]
//! → [`output`]. [`diagnostics`] is the one error type they all report with.

pub mod anchor;
pub mod build;
pub mod diagnostics;
pub mod graph;
pub mod render;
pub mod load;
pub mod markdown;
pub mod model;
pub mod config;
pub mod slug;
pub mod output;
pub mod yaml;
pub mod scaffold;
