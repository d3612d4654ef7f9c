//! Vietnamese alphabetical order (a ă â b c d đ e ê … with tones after letters), from
//! ICU4X's collation data for `vi` rather than a hand-made table.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// The collator is built once; the baked data is static so building it is cheap, but
/// names are compared thousands of times when lists are sorted.
fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| Collator::try_new(locale!("vi").into(), CollatorOptions::default()).ok())
        .as_ref()
}

/// Compares two names in Vietnamese order. Falls back to code-point order only if the
/// collation data could not be loaded, which the baked data makes impossible in practice.
pub fn compare(a: &str, b: &str) -> Ordering {
    match collator() {
        Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
        None => a.cmp(b),
    }
}

/// A byte string that sorts like [`compare`]; cheaper when one list is sorted by a key
/// many times or compared across threads.
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(s.len() * 2);
    if let Some(c) = collator() {
        let _ = c.write_sort_key_to(s, &mut key);
    }
    key.push(0);
    key.extend_from_slice(s.as_bytes());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_sort_in_alphabet_order() {
        let mut names = vec![
            "Đỗ Thị Thanh Nga",
            "Dương Văn An",
            "Ân",
            "Anh",
            "Ăn",
            "Bùi Thái Sơn",
            "Êm",
            "Em",
        ];
        names.sort_by(|a, b| compare(a, b));
        assert_eq!(
            names,
            vec![
                "Anh",
                "Ăn",
                "Ân",
                "Bùi Thái Sơn",
                "Dương Văn An",
                "Đỗ Thị Thanh Nga",
                "Em",
                "Êm"
            ]
        );
    }

    #[test]
    fn tones_come_after_letters() {
        let mut w = ["hà", "hạ", "ha", "hả", "há", "hã"];
        w.sort_by(|a, b| compare(a, b));
        assert_eq!(w[0], "ha");
        assert!(compare("hà", "hb") == Ordering::Less);
    }

    #[test]
    fn sort_key_agrees_with_compare() {
        let pairs = [("Đinh", "Dung"), ("Ơn", "Ôn"), ("Lộ", "Lợi")];
        for (a, b) in pairs {
            assert_eq!(sort_key(a).cmp(&sort_key(b)), compare(a, b), "{a} vs {b}");
        }
    }
}
