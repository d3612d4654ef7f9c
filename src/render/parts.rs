//! Site-wide partials: the theme's `partials/site/<name>.html` (the default theme's
//! masthead with its menu, and its footer), rendered once per *menu state* instead of
//! once per page, and given to every page as `parts.<name>`.
//!
//! Every page shows the same masthead and footer but for which menu entry is marked as
//! the current one. Rendering them through Tera on each of 17,000 pages was about 15% of
//! a build (Hugo's `partialCached` exists for the same reason); a site has only a few
//! dozen menu states, so each part is rendered that many times and copied into pages.
//!
//! A part sees the global variables (`site`, `lang`) and two of its own, which play the
//! roles of Hugo's `IsMenuCurrent` and `HasMenuCurrent`:
//! - `current`: the page's URL when the page is a menu entry itself (home, a district's
//!   first page, a unit/model/figure list, search, statistics), else empty;
//! - `section`: the URL of the menu entry the page belongs to (a story's district, an
//!   entity's list, a district's later pages), else empty.

use super::{Job, STATS_DIR};
use crate::content::EntityKind;
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tera::{Context, Tera, Value};

/// Where the site partials live among the theme's templates.
const PREFIX: &str = "partials/site/";

/// The menu entry a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    Home,
    District(usize),
    Kind(EntityKind),
    Search,
    Stats,
    Nowhere,
}

/// What a site partial can tell apart about a page: its menu entry, and whether the page
/// is that entry's own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MenuState {
    place: Place,
    own_page: bool,
}

impl MenuState {
    /// The menu state of the page `job` renders.
    pub(super) fn of(site: &Site, job: &Job) -> MenuState {
        let (place, own_page) = match *job {
            Job::Home => (Place::Home, true),
            Job::District { d, page } => (Place::District(d), page == 1),
            Job::Article(i) => (Place::District(site.articles[i].district), false),
            Job::EntityList(kind) => (Place::Kind(kind), true),
            Job::Entity { kind, .. } => (Place::Kind(kind), false),
            Job::Search => (Place::Search, true),
            Job::Stats => (Place::Stats, true),
            Job::NotFound => (Place::Nowhere, false),
        };
        MenuState { place, own_page }
    }

    /// `section`: the menu entry's URL.
    fn section(self, site: &Site) -> String {
        let bp = &site.base_path;
        match self.place {
            Place::Home => bp.clone(),
            Place::District(d) => site.districts[d].url.clone(),
            Place::Kind(kind) => site.list_url(kind),
            Place::Search => format!("{bp}search/"),
            Place::Stats => format!("{bp}{STATS_DIR}/"),
            Place::Nowhere => String::new(),
        }
    }

    /// A hash standing for the parts of this state, for page fingerprints: the parts
    /// depend only on it and on the templates and site, which every fingerprint covers.
    fn fingerprint(self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        Hash::hash(&self, &mut h);
        h.finish()
    }
}

/// Each menu state's `parts` map: part name → rendered HTML.
#[derive(Default)]
pub struct Parts {
    by_state: FxHashMap<MenuState, Value>,
}

impl Parts {
    /// Renders every site partial of the theme once for each menu state among `jobs`.
    /// A part that fails to render is an error at its template line, for `describe` to
    /// turn into a diagnostic.
    pub(super) fn render(
        tera: &Tera,
        site: &Site,
        jobs: &[Job],
        describe: impl Fn(&tera::Error) -> Diagnostic + Sync,
    ) -> Result<Parts, Vec<Diagnostic>> {
        let names: Vec<&str> = tera
            .get_template_names()
            .filter(|n| n.starts_with(PREFIX))
            .collect();
        let states: rustc_hash::FxHashSet<MenuState> =
            jobs.iter().map(|j| MenuState::of(site, j)).collect();
        let states: Vec<MenuState> = states.into_iter().collect();
        let rendered: Vec<Result<(MenuState, Value), Diagnostic>> = states
            .par_iter()
            .map(|&state| {
                let section = state.section(site);
                let current = if state.own_page { section.as_str() } else { "" };
                let mut ctx = Context::new();
                ctx.insert("current", current);
                ctx.insert("section", &section);
                let mut map = tera::Map::new();
                for name in &names {
                    let html = tera.render(name, &ctx).map_err(|e| describe(&e))?;
                    let key = name[PREFIX.len()..].trim_end_matches(".html");
                    map.insert(key.to_owned().into(), Value::safe_string(html.trim()));
                }
                Ok((state, Value::from(map)))
            })
            .collect();
        let mut parts = Parts::default();
        let mut errors = Vec::new();
        for r in rendered {
            match r {
                Ok((state, value)) => {
                    parts.by_state.insert(state, value);
                }
                Err(d) => {
                    if !errors
                        .iter()
                        .any(|e: &Diagnostic| e.path == d.path && e.line == d.line)
                    {
                        errors.push(d);
                    }
                }
            }
        }
        match errors.is_empty() {
            true => Ok(parts),
            false => Err(errors),
        }
    }

    /// The `parts` of a page in `state`, and the hash that stands for them.
    pub fn of(&self, state: MenuState) -> (Value, u64) {
        let value = self
            .by_state
            .get(&state)
            .cloned()
            .unwrap_or_else(|| Value::from(tera::Map::new()));
        (value, state.fingerprint())
    }
}
