//! Vietnamese text handling: the part of guong that other generators get wrong.
//!
//! This module owns normalisation (NFC), folding for slugs and search (all marks removed,
//! `đ` → `d`), a tone-placement-insensitive key (so `hoà` and `hòa` compare equal while
//! `hòa` and `hoa` stay distinct), Vietnamese collation, and the way dates and numbers
//! are written in Vietnamese. It knows nothing about sites, files or templates.

mod collate;
mod fold;
mod format;

pub use collate::{compare, sort_key};
pub use fold::{
    Word, WordSink, fold, fold_runs, fold_simple, fold_words, fold_words_raw, initial, nfc,
    search_spelling, slugify, tone_key, words,
};
pub use format::{format_date, format_datetime, format_number, weekday_name};
