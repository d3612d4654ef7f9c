//! The resolved portal: what every page is, where it lives and what it links to.
//! Built once by [`super::resolve`], then only read by rendering and search.

use crate::content::EntityKind;
use crate::content::front::Stat;
use crate::markdown::Rendered;
use jiff::Timestamp;
use jiff::civil::DateTime;
use std::path::PathBuf;

/// The whole site after resolution. Indices (`usize`) point into the vectors here; they
/// are stable for one build and cheaper than names or clones.
#[derive(Debug)]
pub struct Site {
    pub config: crate::config::Config,
    /// `/` or `/tin/`: every internal URL starts with it.
    pub base_path: String,
    /// The site's timezone offset, parsed once from `site.yaml`.
    pub offset: jiff::tz::Offset,
    pub home: Intro,
    /// Intros of the unit, model and figure lists, by [`EntityKind::index`].
    pub intros: [Intro; 3],
    /// In menu order: `order`, then Vietnamese alphabetical order of the name.
    pub districts: Vec<District>,
    /// Newest first; ties broken by file path so output is deterministic.
    pub articles: Vec<Article>,
    /// Units, models and figures, each in Vietnamese alphabetical order.
    pub entities: [Vec<Entity>; 3],
    /// Files copied as is: `(source on disk, path under the output root)`.
    pub assets: Vec<(PathBuf, String)>,
    /// Photos to publish in several sizes.
    pub images: Vec<crate::images::Job>,
    /// The headers of every photo, for Markdown re-rendered by the dev server.
    pub photos: crate::images::Catalog,
    /// Old URLs that must lead to a page: `(path under the output root, target URL)`.
    pub redirects: Vec<(String, String)>,
}

/// The home page's or a list page's own words.
#[derive(Debug, Default, Clone)]
pub struct Intro {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body_html: String,
}

#[derive(Debug)]
pub struct District {
    pub slug: String,
    pub name: String,
    pub province: Option<String>,
    pub kind: Option<String>,
    pub order: Option<f64>,
    pub summary: Option<String>,
    pub body: std::sync::Arc<Rendered>,
    pub url: String,
    /// Its articles, newest first.
    pub articles: Vec<usize>,
    pub path: PathBuf,
}

/// A reference from an article to an entity, with what the article says of it.
#[derive(Debug, Clone)]
pub struct EntityLink {
    pub kind: EntityKind,
    pub entity: usize,
    /// The role or owning unit as this article gives it.
    pub note: Option<String>,
}

#[derive(Debug)]
pub struct Article {
    pub slug: String,
    pub district: usize,
    pub url: String,
    pub title: String,
    /// The publication date in the site's timezone, for display.
    pub date: DateTime,
    pub has_time: bool,
    /// The same instant, for sorting and feeds.
    pub timestamp: Timestamp,
    pub updated: Option<(DateTime, Timestamp)>,
    /// The sapo: the editor's `summary` or the first paragraph.
    pub summary: String,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub author: Option<String>,
    pub source: Option<String>,
    /// The image's URL, ready for `src`.
    pub image: Option<String>,
    /// Its sizes, when it is a photo guong publishes in several.
    pub picture: Option<crate::images::Picture>,
    pub image_caption: Option<String>,
    pub links: Vec<EntityLink>,
    pub stats: Vec<Stat>,
    pub featured: bool,
    pub draft: bool,
    pub body: std::sync::Arc<Rendered>,
    /// Related stories, most related first ("Các tin khác").
    pub related: Vec<usize>,
    /// Old URLs (`aliases:`) that redirect here.
    pub aliases: Vec<String>,
    /// The file line the body starts on, to turn body lines into file lines.
    pub body_line: usize,
    pub path: PathBuf,
}

/// A unit, model or figure, whether it has a profile or is only named in stories.
#[derive(Debug)]
pub struct Entity {
    pub kind: EntityKind,
    pub slug: String,
    pub name: String,
    pub url: String,
    pub profile: Option<Profile>,
    /// Role (figures) as the profile or the newest story gives it.
    pub role: Option<String>,
    /// The owning unit (models) or the unit a figure belongs to, when known.
    pub unit: Option<usize>,
    /// The models owned by this unit, or figures belonging to it.
    pub members: Vec<(EntityKind, usize)>,
    /// Stories naming it, newest first.
    pub articles: Vec<usize>,
    /// The district most of its stories are in, or the profile's.
    pub district: Option<usize>,
}

#[derive(Debug)]
pub struct Profile {
    pub summary: Option<String>,
    pub image: Option<String>,
    pub picture: Option<crate::images::Picture>,
    pub image_caption: Option<String>,
    pub aliases: Vec<String>,
    pub since: Option<i32>,
    pub scope: Option<String>,
    pub unit_kind: Option<String>,
    pub parent: Option<String>,
    pub body: std::sync::Arc<Rendered>,
    pub path: PathBuf,
}

impl Site {
    pub fn entity(&self, kind: EntityKind, i: usize) -> &Entity {
        &self.entities[kind.index()][i]
    }

    /// The URL of the list of every unit, model or figure: `/units/` and so on.
    pub fn list_url(&self, kind: EntityKind) -> String {
        format!("{}{}/", self.base_path, kind.dir())
    }
}
