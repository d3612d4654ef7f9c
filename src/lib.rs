//! guong: a static site generator for Vietnamese provincial news portals about exemplary
//! units (tập thể), models (mô hình) and figures (gương điển hình).
//!
//! Data flows one way: [`content::load`] reads files, [`site::resolve`] builds the portal
//! model, [`render`] turns it into pages through Tera, and [`output`] writes them
//! atomically. [`build`] runs the whole pipeline; `check` stops before rendering.

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod images;
pub mod markdown;
pub mod memory;
pub mod new;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod text;
