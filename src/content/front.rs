//! The front matter editors write, as typed structs. Unknown keys are errors (with a
//! suggestion) rather than silently ignored, because a misspelt `draft` or `date` would
//! otherwise publish the wrong thing without a word.

use jiff::civil::DateTime;
use jiff::tz::Offset;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A date as the editor wrote it: `2017-08-28`, `2017-08-28 07:27[:56]`, or RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateValue {
    pub civil: DateTime,
    /// The editor gave an explicit offset (RFC 3339); otherwise the site's timezone applies.
    pub offset: Option<Offset>,
    /// The editor gave a time of day; a date alone is shown without "00:00".
    pub has_time: bool,
}

impl DateValue {
    /// Parses the forms the site format allows; the error says which forms those are.
    pub fn parse(s: &str) -> Result<DateValue, String> {
        let s = s.trim();
        let bad = |e: jiff::Error| {
            format!(
                "`{s}` is not a valid date ({e}); write YYYY-MM-DD, YYYY-MM-DD HH:MM, or RFC 3339 such as 2017-08-28T07:27:00+07:00"
            )
        };
        if s.len() == 10 {
            let d: jiff::civil::Date = s.parse().map_err(bad)?;
            return Ok(DateValue {
                civil: d.at(0, 0, 0, 0),
                offset: None,
                has_time: false,
            });
        }
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            let zoned_offset = parse_offset_suffix(s);
            let offset = zoned_offset.unwrap_or(Offset::UTC);
            return Ok(DateValue {
                civil: offset.to_datetime(ts),
                offset: Some(offset),
                has_time: true,
            });
        }
        let normalised = s.replacen(' ', "T", 1);
        let civil: DateTime = normalised.parse().map_err(bad)?;
        Ok(DateValue {
            civil,
            offset: None,
            has_time: true,
        })
    }
}

/// The `+07:00` / `Z` at the end of an RFC 3339 string, so the date is shown in the
/// offset the editor wrote rather than in UTC.
fn parse_offset_suffix(s: &str) -> Option<Offset> {
    if s.ends_with('Z') || s.ends_with('z') {
        return Some(Offset::UTC);
    }
    let tail = s.get(s.len().checked_sub(6)?..)?;
    let sign = match tail.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let h: i32 = tail.get(1..3)?.parse().ok()?;
    let m: i32 = tail.get(4..6)?.parse().ok()?;
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2017-08-28 or 2017-08-28 07:27")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DateValue, E> {
                DateValue::parse(s).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A list that editors may also write as a single item (`units: "Thị ủy Nghĩa Lộ"`).
#[derive(Debug, Clone, PartialEq)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        use serde::de::value::{MapAccessDeserializer, StrDeserializer};
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list, or a single item")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(x) = seq.next_element()? {
                    v.push(x);
                }
                Ok(OneOrMany(v))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                let d: StrDeserializer<E> = s.into_deserializer();
                T::deserialize(d).map(|t| OneOrMany(vec![t]))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A reference to a unit, model or figure: a bare name or a mapping with `name`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntityRef {
    pub name: String,
    /// For a model: the unit that owns it. For a figure: the unit they belong to.
    pub unit: Option<String>,
    /// For a figure: their role ("nông dân sản xuất giỏi, thôn Sang Đốm").
    pub role: Option<String>,
}

impl<'de> Deserialize<'de> for EntityRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EntityRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name, or a mapping with `name` (and optionally `unit`, `role`)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<EntityRef, E> {
                Ok(EntityRef {
                    name: s.to_string(),
                    ..Default::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EntityRef, A::Error> {
                let mut r = EntityRef::default();
                let mut has_name = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "name" => {
                            r.name = map.next_value()?;
                            has_name = true;
                        }
                        "unit" => r.unit = map.next_value()?,
                        "role" => r.role = map.next_value()?,
                        other => {
                            return Err(de::Error::unknown_field(other, &["name", "unit", "role"]));
                        }
                    }
                }
                if !has_name {
                    return Err(de::Error::missing_field("name"));
                }
                Ok(r)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<EntityRef, A::Error> {
                Err(de::Error::custom(
                    "expected a name or a mapping with `name`, found a list",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

/// One key figure of a story: "94 tập thể đăng ký điển hình tiên tiến", "13,2 %".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stat {
    pub label: String,
    pub value: f64,
    #[serde(default)]
    pub unit: Option<String>,
}

/// An article's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFront {
    pub title: String,
    pub date: DateValue,
    #[serde(default)]
    pub updated: Option<DateValue>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: OneOrMany<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_caption: Option<String>,
    #[serde(default)]
    pub units: OneOrMany<EntityRef>,
    #[serde(default)]
    pub models: OneOrMany<EntityRef>,
    #[serde(default)]
    pub figures: OneOrMany<EntityRef>,
    #[serde(default)]
    pub stats: Vec<Stat>,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: OneOrMany<String>,
}

impl ArticleFront {
    /// Whether `other` differs from this front matter only in what a story shows of
    /// itself (title, sapo, author, source, photo caption), and not in anything that
    /// places it in the portal: its URL, date, district lists, entities, photo, order.
    /// The dev server shows such an edit on the story's page at once and brings the lists
    /// that show it up to date behind it. Every field is named here, so a new one must be
    /// sorted into one kind or the other.
    pub fn same_place(&self, other: &ArticleFront) -> bool {
        let ArticleFront {
            title: _,
            summary: _,
            author: _,
            source: _,
            image_caption: _,
            date,
            updated,
            category,
            tags,
            image,
            units,
            models,
            figures,
            stats,
            featured,
            draft,
            slug,
            aliases,
        } = self;
        *date == other.date
            && *updated == other.updated
            && *category == other.category
            && *tags == other.tags
            && *image == other.image
            && *units == other.units
            && *models == other.models
            && *figures == other.figures
            && *stats == other.stats
            && *featured == other.featured
            && *draft == other.draft
            && *slug == other.slug
            && *aliases == other.aliases
    }
}

/// A district's `_index.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictFront {
    pub name: String,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub order: Option<f64>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// The home page's `content/_index.md`, and the optional intros of the entity lists
/// (`content/units/_index.md` …).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntroFront {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// A unit, model or figure profile. Kind-specific keys are checked after parsing so the
/// message can say "`since` is for models" instead of a bare "unknown key".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFront {
    pub name: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_caption: Option<String>,
    #[serde(default)]
    pub aliases: OneOrMany<String>,
    #[serde(default)]
    pub draft: bool,
    // model
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub since: Option<i32>,
    #[serde(default)]
    pub scope: Option<String>,
    // figure
    #[serde(default)]
    pub role: Option<String>,
    // unit
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_story_shows_of_itself_keeps_its_place() {
        let front = |extra: &str| -> ArticleFront {
            let text = format!("title: Bài\ndate: 2024-05-01\nunits: [Chi bộ A]\n{extra}");
            crate::content::yaml::parse(&text, std::path::Path::new("a.md"), 2).expect("yaml")
        };
        let base = front("");
        for same in [
            "summary: Sapo mới",
            "author: Minh Anh",
            "source: Báo Yên Bái",
            "image_caption: Ảnh mới",
        ] {
            assert!(base.same_place(&front(same)), "{same}");
        }
        let mut retitled = base.clone();
        retitled.title = "Tên mới".into();
        assert!(base.same_place(&retitled));
        for moved in [
            "updated: 2024-06-01",
            "featured: true",
            "draft: true",
            "slug: khac",
            "image: anh.jpg",
            "figures: [Lò Văn Púa]",
            "tags: [nông thôn mới]",
            "aliases: [/cu/]",
            "stats: [{label: hộ, value: 3}]",
        ] {
            assert!(!base.same_place(&front(moved)), "{moved}");
        }
        let mut redated = base.clone();
        redated.date = front("updated: 2024-06-01").updated.expect("a date");
        assert!(!base.same_place(&redated));
    }

    #[derive(Deserialize)]
    struct Refs {
        units: OneOrMany<EntityRef>,
    }

    fn refs(yaml: &str) -> Result<Vec<EntityRef>, String> {
        crate::content::yaml::parse::<Refs>(yaml, std::path::Path::new("a.md"), 1)
            .map(|r| r.units.0)
            .map_err(|d| d.to_string())
    }

    #[test]
    fn entity_lists_take_one_name_many_names_or_mappings() {
        assert_eq!(refs("units: \"Thị ủy\"").unwrap()[0].name, "Thị ủy");
        let many = refs("units:\n  - A\n  - { name: B, role: r }\n").unwrap();
        assert_eq!(
            (many[0].name.as_str(), many[1].role.as_deref()),
            ("A", Some("r"))
        );
        assert_eq!(refs("units: { name: C }").unwrap()[0].name, "C");
        assert!(refs("units: ~").unwrap().is_empty());
        let e = refs("units:\n  - { nam: X }\n").unwrap_err();
        assert!(e.contains("did you mean `name`"), "{e}");
        assert!(refs("units: 42").is_err());
    }

    #[test]
    fn date_forms_of_the_site_format() {
        let d = DateValue::parse("2017-08-28").unwrap();
        assert!(!d.has_time);
        let d = DateValue::parse("2017-08-28 07:27").unwrap();
        assert_eq!((d.civil.hour(), d.civil.minute()), (7, 27));
        let d = DateValue::parse("2017-08-28 07:27:56").unwrap();
        assert_eq!(d.civil.second(), 56);
        let d = DateValue::parse("2023-03-07T15:45:00+07:00").unwrap();
        assert_eq!(d.civil.hour(), 15);
        assert_eq!(d.offset.map(|o| o.seconds()), Some(7 * 3600));
        assert!(DateValue::parse("2023-02-30").is_err());
        assert!(DateValue::parse("hôm qua").is_err());
    }
}
