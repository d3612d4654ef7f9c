//! Property tests (proptest) over what editors control: front-matter splitting and
//! parsing never panic on any input, and slugs always have the shape URLs need.
//! Regressions proptest finds are kept in `tests/properties.proptest-regressions`.

use guong::content::front::{ArticleFront, ProfileFront};
use guong::content::{split_front_matter, yaml};
use guong::text::{fold, slugify, tone_key};
use proptest::prelude::*;
use std::path::Path;

/// Text shaped like front matter: YAML-ish lines mixing keys, Vietnamese, quotes, brackets.
fn front_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("---".to_string()),
        Just("...".to_string()),
        "(title|date|units|models|figures|stats|summary|slug|draft|image): .{0,30}".prop_map(|s| s),
        "  - \\{ ?name: .{0,20}(, unit: .{0,10})? ?\\}?".prop_map(|s| s),
        "[ \\t]{0,4}[-:\\[\\]{}'\"#&*!|>%@`,]{0,6}[a-zđươăâêô ]{0,12}".prop_map(|s| s),
        "Nghĩa Lộ|Thị uỷ|Đảng bộ|2017-08-28 07:27|2023-02-30|\u{feff}|\r".prop_map(|s| s),
    ];
    prop::collection::vec(line, 0..14).prop_map(|l| l.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn splitting_and_parsing_never_panic(text in front_like()) {
        let p = Path::new("content/d/a.md");
        if let Ok(split) = split_front_matter(&text, p) {
            prop_assert!(split.body_line >= 3);
            let _ = yaml::parse::<ArticleFront>(split.front, p, split.front_line);
            let _ = yaml::parse::<ProfileFront>(split.front, p, split.front_line);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let p = Path::new("a.md");
        let _ = split_front_matter(&text, p).map(|s| yaml::parse::<ArticleFront>(s.front, p, s.front_line));
        let _ = guong::markdown::render(&text, "/");
    }

    #[test]
    fn slugs_are_url_safe_and_stable(name in "\\PC{0,60}") {
        let s = slugify(&name);
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s}");
        prop_assert!(s.chars().all(|c| c == '-' || c.is_alphanumeric()), "{s}");
        prop_assert!(!s.contains('/') && !s.contains('.'), "{s}");
        prop_assert_eq!(slugify(&s), s.clone(), "idempotent");
    }

    #[test]
    fn folding_is_idempotent_and_mark_free(text in "[a-zA-ZđĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ]{0,40}") {
        let f = fold(&text);
        prop_assert_eq!(fold(&f), f.clone());
        prop_assert!(f.is_ascii(), "{f}");
        prop_assert_eq!(fold(&tone_key(&text)), fold(&text));
    }
}
