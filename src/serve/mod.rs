//! The development server: build, serve the output on localhost, watch the sources,
//! rebuild on change and tell open pages to reload (Server-Sent Events).
//!
//! Only files under the output folder are served (tower-http's `ServeDir` rejects `..`
//! and encoded traversal); a failed rebuild keeps the last good pages and shows the
//! problems as an overlay until the next good build.

use crate::build::{BuildOptions, BuildReport};
use crate::diagnostic::Diagnostics;
use crate::session::{Rebuilt, Session};
use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use notify::RecursiveMode;
use notify_debouncer_full::{NoCache, new_debouncer, new_debouncer_opt};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::{ServeDir, ServeFile};

/// How long the watcher waits for a burst of file events to end: editors that save
/// through a temporary file and a rename make several events within a few
/// milliseconds, and each burst must give one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// The path the live-reload events are served at.
pub const EVENTS_PATH: &str = "/__guong/events";

/// The script put into every page the dev server builds. It reconnects when the server
/// restarts, reloads on a new build (keeping the scroll position), and shows build
/// errors in an overlay. Never part of `guong build`'s output.
pub fn live_reload_script() -> String {
    format!(
        r#"<script>(function(){{var k="guong-scroll:"+location.pathname;var y=sessionStorage.getItem(k);if(y!==null){{sessionStorage.removeItem(k);addEventListener("load",function(){{scrollTo(0,+y)}})}}function overlay(t){{var o=document.getElementById("guong-overlay");if(!t){{if(o)o.remove();return}}if(!o){{o=document.createElement("pre");o.id="guong-overlay";o.style.cssText="position:fixed;inset:0;z-index:99999;margin:0;padding:1.5rem;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap;overflow:auto";document.body.appendChild(o)}}o.textContent="guong: bản dựng lỗi\n\n"+t}}var es=new EventSource("{EVENTS_PATH}");es.addEventListener("reload",function(){{sessionStorage.setItem(k,String(scrollY));location.reload()}});es.addEventListener("error-report",function(e){{overlay(e.data)}});es.addEventListener("ok",function(){{overlay(null)}})}})();</script>"#
    )
}

/// What the server tells pages.
#[derive(Clone, Debug)]
pub enum Notice {
    Reload,
    Errors(String),
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: std::net::IpAddr,
    pub port: u16,
    /// Use a polling watcher (network shares, WSL, containers where inotify is silent).
    pub poll: bool,
}

/// Callbacks so the CLI decides what the user sees.
pub trait Reporter: Send + Sync + 'static {
    fn listening(&self, url: &str);
    fn built(&self, report: &BuildReport, reason: &str);
    /// Only story text changed and these pages were re-rendered.
    fn quick(&self, pages: &[String], elapsed: Duration);
    /// The search index caught up with quick rebuilds.
    fn search_refreshed(&self, elapsed: Duration);
    fn failed(&self, diags: &Diagnostics);
    fn watch_error(&self, message: &str);
}

/// Runs until Ctrl-C.
pub fn serve(mut opts: ServeOptions, reporter: Arc<dyn Reporter>) -> std::io::Result<()> {
    opts.build.render.inject = Some(live_reload_script());
    // One spelling of every path: the watcher's events and the build's files must match.
    if let Ok(root) = std::fs::canonicalize(&opts.build.root) {
        opts.build.root = root;
    }
    if opts.build.base_url.is_none() {
        opts.build.base_url = Some("/".into());
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run(opts, reporter))
}

async fn run(opts: ServeOptions, reporter: Arc<dyn Reporter>) -> std::io::Result<()> {
    let (tx, _) = broadcast::channel::<Notice>(16);
    let last_error: Arc<std::sync::Mutex<Option<String>>> = Arc::default();
    let mut session = Session::new(opts.build.clone());
    rebuild(
        &mut session,
        &[],
        &tx,
        &last_error,
        reporter.as_ref(),
        "start",
    );

    let out = opts.build.output_dir();
    let not_found = ServeFile::new(out.join("404.html"));
    let files = ServeDir::new(&out)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    let state = AppState {
        tx: tx.clone(),
        last_error: last_error.clone(),
    };
    let app = Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .with_state(state)
        .fallback_service(files)
        .layer(axum::middleware::map_response(utf8_text));

    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    // Headers and body go out as separate writes: without TCP_NODELAY the body waits
    // for the browser's delayed acknowledgement, 40 ms on every kept-alive request.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    // Watching starts before the URL is announced: an edit made right after it must be
    // seen, not taken into the watcher's first look at the files.
    let watcher = spawn_watcher(
        opts.clone(),
        session,
        tx.clone(),
        last_error.clone(),
        reporter.clone(),
    );
    reporter.listening(&format!("http://{local}/"));
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    drop(watcher);
    result
}

/// Static hosts say which charset text is in; pages declare it too, but CSS, JS and
/// feeds read by other tools rely on the header.
async fn utf8_text(mut res: axum::response::Response) -> axum::response::Response {
    use axum::http::header::{CONTENT_TYPE, HeaderValue};
    let ct = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let textual = ct.starts_with("text/")
        || ct == "application/javascript"
        || ct == "application/xml"
        || ct == "application/json";
    if textual
        && !ct.contains("charset")
        && let Ok(v) = HeaderValue::from_str(&format!("{ct}; charset=utf-8"))
    {
        res.headers_mut().insert(CONTENT_TYPE, v);
    }
    res
}

#[derive(Clone)]
struct AppState {
    tx: broadcast::Sender<Notice>,
    last_error: Arc<std::sync::Mutex<Option<String>>>,
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let current = state.last_error.lock().ok().and_then(|e| e.clone());
    let first =
        tokio_stream::iter(current.map(|e| Ok(Event::default().event("error-report").data(e))));
    let rest = BroadcastStream::new(state.tx.subscribe()).filter_map(|n| match n {
        Ok(Notice::Reload) => Some(Ok(Event::default().event("reload").data("1"))),
        Ok(Notice::Errors(e)) => Some(Ok(Event::default().event("error-report").data(e))),
        Err(_) => None,
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn rebuild(
    session: &mut Session,
    changed: &[PathBuf],
    tx: &broadcast::Sender<Notice>,
    last_error: &std::sync::Mutex<Option<String>>,
    reporter: &dyn Reporter,
    reason: &str,
) {
    match session.rebuild(changed) {
        Ok(rebuilt) => {
            match rebuilt {
                Rebuilt::Full(report) => {
                    reporter.built(&report, reason);
                    report.previous.remove_in_background();
                }
                Rebuilt::Quick { pages, elapsed } => reporter.quick(&pages, elapsed),
            }
            if let Ok(mut e) = last_error.lock() {
                *e = None;
            }
            let _ = tx.send(Notice::Reload);
            // The edited page is already served; the lists showing it follow, then search.
            if session.lists_stale() {
                rebuild(
                    session,
                    &[],
                    tx,
                    last_error,
                    reporter,
                    "lists showing the edited stories",
                );
                return;
            }
            match session.refresh_search() {
                Ok(Some(t)) => reporter.search_refreshed(t),
                Ok(None) => {}
                Err(e) => reporter.watch_error(&format!("search index: {e}")),
            }
        }
        Err(diags) => {
            reporter.failed(&diags);
            let text = diags.to_string();
            if let Ok(mut e) = last_error.lock() {
                *e = Some(text.clone());
            }
            let _ = tx.send(Notice::Errors(text));
        }
    }
}

/// What the site is built from, relative to its folder.
const SOURCES: [&str; 4] = ["content", "static", "themes", "site.yaml"];

/// Starts watching a source folder that appeared while serving.
type AddWatch = Box<dyn FnMut(&std::path::Path) + Send>;

/// Watches the sources on a thread of its own; each burst of changes gives one rebuild.
fn spawn_watcher(
    opts: ServeOptions,
    mut session: Session,
    tx: broadcast::Sender<Notice>,
    last_error: Arc<std::sync::Mutex<Option<String>>>,
    reporter: Arc<dyn Reporter>,
) -> Option<std::thread::JoinHandle<()>> {
    let root = opts.build.root.clone();
    let out =
        std::fs::canonicalize(opts.build.output_dir()).unwrap_or_else(|_| opts.build.output_dir());
    let (etx, erx) = std::sync::mpsc::channel();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<()>();
    let sources: Vec<PathBuf> = SOURCES.iter().map(|p| root.join(p)).collect();
    // The site folder itself (not its subfolders) too, to see `static/` or `themes/`
    // created while serving; watching starts on them when they appear.
    let paths: Vec<(PathBuf, RecursiveMode)> = sources
        .iter()
        .filter(|p| p.exists())
        .map(|p| {
            let mode = if p.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            (p.clone(), mode)
        })
        .chain(std::iter::once((root.clone(), RecursiveMode::NonRecursive)))
        .collect();
    let handle = std::thread::spawn(move || {
        // Polling for folders where the system's notifications never arrive (network
        // shares, WSL, container mounts); otherwise the system watcher.
        let watching = if opts.poll {
            new_debouncer_opt::<_, notify::PollWatcher, NoCache>(
                Duration::from_millis(60),
                None,
                etx,
                NoCache::new(),
                notify::Config::default().with_poll_interval(Duration::from_millis(400)),
            )
            .map(|mut d| {
                watch_all(&mut d, &paths, reporter.as_ref()).then(|| {
                    Box::new(move |p: &std::path::Path| {
                        let _ = d.watch(p, RecursiveMode::Recursive);
                    }) as AddWatch
                })
            })
        } else {
            new_debouncer(DEBOUNCE, None, etx).map(|mut d| {
                watch_all(&mut d, &paths, reporter.as_ref()).then(|| {
                    Box::new(move |p: &std::path::Path| {
                        let _ = d.watch(p, RecursiveMode::Recursive);
                    }) as AddWatch
                })
            })
        };
        let _ = ready_tx.send(());
        let mut add_watch = match watching {
            Ok(Some(d)) => d,
            Ok(None) => return,
            Err(e) => {
                reporter.watch_error(&watch_message(&e));
                return;
            }
        };
        while let Ok(result) = erx.recv() {
            let Ok(events) = result else { continue };
            let changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| changes_content(&e.event.kind))
                .flat_map(|e| e.paths.iter())
                .filter(|p| {
                    !p.starts_with(&out) && !is_temp(p) && sources.iter().any(|s| p.starts_with(s))
                })
                .cloned()
                .collect();
            for p in &changed {
                if p.is_dir() && sources.contains(p) {
                    add_watch(p);
                }
            }
            if !changed.is_empty() {
                rebuild(
                    &mut session,
                    &changed,
                    &tx,
                    &last_error,
                    reporter.as_ref(),
                    "change",
                );
            }
        }
    });
    // Whether watching started or failed (it said why), the thread has had its look.
    let _ = ready_rx.recv();
    Some(handle)
}

/// Starts watching every source path; false when none could be watched.
fn watch_all<T: notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    debouncer: &mut notify_debouncer_full::Debouncer<T, C>,
    paths: &[(PathBuf, RecursiveMode)],
    reporter: &dyn Reporter,
) -> bool {
    let mut any = false;
    for (p, mode) in paths {
        match debouncer.watch(p, *mode) {
            Ok(()) => any = true,
            Err(e) => reporter.watch_error(&watch_message(&e)),
        }
    }
    any
}

/// Whether an event can change what is built. Reads and metadata changes cannot; they
/// must be ignored, because a build hard-links bundle files into the output, which
/// changes their link count and would otherwise trigger the next build, forever.
/// A new modification time does count: the polling watcher reports every edit that way.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{MetadataKind, ModifyKind};
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(m)) => *m == MetadataKind::WriteTime,
        _ => true,
    }
}

fn is_temp(p: &std::path::Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

fn watch_message(e: &notify::Error) -> String {
    let text = e.to_string();
    if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) || text.contains("No space left") {
        format!(
            "{text}: the system's limit on watched folders was reached; raise it with `sudo sysctl fs.inotify.max_user_watches=524288`, or use --poll"
        )
    } else {
        text
    }
}
