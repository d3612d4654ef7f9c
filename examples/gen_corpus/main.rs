//! Generates a deterministic benchmark corpus of N articles in the guong site format, and
//! the same content as a Hugo site with equivalent templates.
//!
//! `cargo run --release --example gen_corpus -- N DIR` writes `DIR/guong/` and `DIR/hugo/`.
//! Shape: 12 districts, pools of 150 units, 120 models and 400 figures (shared across
//! articles, skewed so a few are very common), 1–3 of each per article, 700–1,900
//! syllables per article (1,230 the median; the seeds have 900–1,800) with the variety
//! of real stories (see the `text` module), a table and a list.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// xorshift64*: small, deterministic, good enough for picking words.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed toward small indices: popular entities are named far more often.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const DISTRICTS: [(&str, &str, &str); 12] = [
    ("nghia-lo", "Thị xã Nghĩa Lộ", "Yên Bái"),
    ("mu-cang-chai", "Huyện Mù Cang Chải", "Yên Bái"),
    ("van-chan", "Huyện Văn Chấn", "Yên Bái"),
    ("tram-tau", "Huyện Trạm Tấu", "Yên Bái"),
    ("sin-ho", "Huyện Sìn Hồ", "Lai Châu"),
    ("phong-tho", "Huyện Phong Thổ", "Lai Châu"),
    ("than-uyen", "Huyện Than Uyên", "Lai Châu"),
    ("tan-uyen", "Huyện Tân Uyên", "Lai Châu"),
    ("phu-tan", "Huyện Phú Tân", "An Giang"),
    ("cho-moi", "Huyện Chợ Mới", "An Giang"),
    ("tinh-lai-chau", "Tỉnh Lai Châu", "Lai Châu"),
    ("tinh-yen-bai", "Tỉnh Yên Bái", "Yên Bái"),
];

const UNIT_KIND: [&str; 8] = [
    "Đảng bộ xã",
    "Chi bộ thôn",
    "Hội Phụ nữ xã",
    "Hội Cựu chiến binh phường",
    "Đoàn Thanh niên xã",
    "Trường Tiểu học",
    "Hội Nông dân xã",
    "Tổ dân phố",
];
const PLACE: [&str; 20] = [
    "Nghĩa An",
    "Nghĩa Lợi",
    "Pú Trạng",
    "Trung Tâm",
    "Phú Lâm",
    "Hiệp Xương",
    "Phìn Hồ",
    "Sang Đốm",
    "Ả Thượng",
    "Kim Đồng",
    "Hữu Nghị",
    "Huổi Luông",
    "Tân Lập",
    "Bản Bo",
    "Mường Kim",
    "Khau Phạ",
    "Cao Phạ",
    "Tú Lệ",
    "Sơn Thịnh",
    "Nậm Búng",
];
const MODEL_HEAD: [&str; 10] = [
    "Nuôi lợn nhựa tiết kiệm",
    "Ống tiền tiết kiệm",
    "Em nuôi của Đoàn",
    "Trồng chuối thương phẩm",
    "Tuyến đường hoa",
    "Thu gom rác thải nhựa",
    "Dân vận khéo",
    "Camera an ninh",
    "Điện thắp sáng nội bản",
    "Mỗi tháng một câu chuyện",
];
const SURNAME: [&str; 12] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Lò", "Hà", "Lường",
];
const MIDDLE: [&str; 8] = [
    "Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Trung", "Hồng",
];
const GIVEN: [&str; 25] = [
    "Lập", "Nga", "Tiến", "Minh", "Thúy", "Dục", "Sơn", "Nguyệt", "Sách", "Hương", "Hà", "Bình",
    "Dũng", "Hải", "Lan", "Phúc", "Quang", "Thắng", "Tuấn", "Yến", "Đạt", "Khánh", "Hạnh", "Thủy",
    "Hòa",
];
const ROLE: [&str; 6] = [
    "nông dân sản xuất giỏi",
    "Bí thư chi bộ",
    "Chủ tịch Hội Phụ nữ xã",
    "giáo viên",
    "trưởng thôn",
    "cựu chiến binh",
];
mod text;

fn person(r: &mut Rng) -> String {
    format!(
        "{} {} {}",
        r.pick(&SURNAME),
        r.pick(&MIDDLE),
        r.pick(&GIVEN)
    )
}

struct Pools {
    units: Vec<String>,
    models: Vec<(String, usize)>,
    figures: Vec<(String, String)>,
}

fn pools(r: &mut Rng) -> Pools {
    let mut units = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while units.len() < 150 {
        let u = format!("{} {}", r.pick(&UNIT_KIND), r.pick(&PLACE));
        if seen.insert(u.clone()) {
            units.push(u);
        } else {
            let u2 = format!("{u} {}", units.len());
            seen.insert(u2.clone());
            units.push(u2);
        }
    }
    let models = (0..120)
        .map(|i| {
            (
                format!(
                    "{} {}",
                    MODEL_HEAD[i % MODEL_HEAD.len()],
                    PLACE[(i / MODEL_HEAD.len()) % PLACE.len()]
                ),
                r.below(150),
            )
        })
        .collect();
    let mut figures = Vec::new();
    let mut fseen = std::collections::HashSet::new();
    while figures.len() < 400 {
        let p = person(r);
        if fseen.insert(p.clone()) {
            figures.push((p, r.pick(&ROLE).to_string()));
        }
    }
    Pools {
        units,
        models,
        figures,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_corpus N DIR");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let g = dir.join("guong");
    let h = dir.join("hugo");
    let _ = fs::remove_dir_all(&g);
    let _ = fs::remove_dir_all(&h);
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let p = pools(&mut r);
    let lexicon = text::Lexicon::new(&mut r);

    write(
        &g.join("site.yaml"),
        "title: \"Cổng điển hình tiên tiến\"\ndescription: \"Bộ dữ liệu đo hiệu năng\"\nbase_url: \"/\"\npaginate: 20\n",
    );
    write(&h.join("hugo.toml"), HUGO_CONFIG);
    for (name, text) in HUGO_LAYOUTS {
        write(&h.join("layouts").join(name), text);
    }
    for (slug, name, province) in DISTRICTS {
        write(
            &g.join("content").join(slug).join("_index.md"),
            &format!("---\nname: \"{name}\"\nprovince: \"{province}\"\n---\n"),
        );
        write(
            &h.join("content").join(slug).join("_index.md"),
            &format!("---\ntitle: \"{name}\"\n---\n"),
        );
    }
    let mut body = String::with_capacity(8192);
    for i in 0..n {
        let (slug, _, _) = DISTRICTS[r.below(DISTRICTS.len())];
        let units: Vec<&String> = (0..1 + r.below(3))
            .map(|_| &p.units[r.skewed(p.units.len())])
            .collect();
        let models: Vec<&(String, usize)> = (0..1 + r.below(3))
            .map(|_| &p.models[r.skewed(p.models.len())])
            .collect();
        let figures: Vec<&(String, String)> = (0..1 + r.below(3))
            .map(|_| &p.figures[r.skewed(p.figures.len())])
            .collect();
        let day = i % 28 + 1;
        let month = (i / 28) % 12 + 1;
        let year = 2010 + (i / 336) % 15;
        let hour = r.below(24);
        let minute = r.below(60);
        let mut names: Vec<String> = units.iter().map(|u| u.to_string()).collect();
        names.extend(models.iter().map(|m| m.0.clone()));
        names.extend(figures.iter().map(|f| f.0.clone()));
        let story = text::Story::new(&lexicon, &mut r, names);
        let mut headline = String::new();
        story.sentence(&mut r, 5, &mut headline);
        let title = format!(
            "{} {}: {} ({})",
            r.pick(&PLACE),
            headline.trim_end_matches('.'),
            story.word(&mut r),
            i
        );
        let mut summary = String::new();
        let len = 25 + r.below(15);
        story.sentence(&mut r, len, &mut summary);
        body.clear();
        let paragraphs = 7 + r.below(7);
        for para in 0..paragraphs {
            if para == 3 {
                body.push_str("## ");
                let len = 4 + r.below(6);
                story.sentence(&mut r, len, &mut body);
                body.push_str("\n\n");
            }
            for _ in 0..3 + r.below(4) {
                let len = 8 + r.below(22);
                story.sentence(&mut r, len, &mut body);
                body.push(' ');
            }
            body.push_str("\n\n");
            if para == 4 {
                body.push_str("| Chỉ tiêu | Kết quả |\n|---|---|\n");
                for _ in 0..3 {
                    let _ = writeln!(body, "| {} | {} |", story.word(&mut r), r.below(5000));
                }
                body.push('\n');
            }
            if para == 5 {
                for _ in 0..3 {
                    body.push_str("- ");
                    let len = 6 + r.below(8);
                    story.sentence(&mut r, len, &mut body);
                    body.push('\n');
                }
                body.push('\n');
            }
        }
        let date = format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}");
        let q = |s: &str| format!("\"{}\"", s.replace('"', "'"));
        let mut fm = format!(
            "---\ntitle: {}\ndate: {date}\nsummary: {}\n",
            q(&title),
            q(&summary)
        );
        fm.push_str("units:\n");
        for u in &units {
            let _ = writeln!(fm, "  - {}", q(u));
        }
        fm.push_str("models:\n");
        for (m, owner) in &models {
            let _ = writeln!(
                fm,
                "  - {{ name: {}, unit: {} }}",
                q(m),
                q(&p.units[*owner])
            );
        }
        fm.push_str("figures:\n");
        for (f, role) in &figures {
            let _ = writeln!(fm, "  - {{ name: {}, role: {} }}", q(f), q(role));
        }
        let _ = writeln!(
            fm,
            "stats:\n  - {{ label: \"hội viên tham gia\", value: {} }}\n---",
            r.below(3000)
        );
        write(
            &g.join("content").join(slug).join(format!("bai-{i}.md")),
            &format!("{fm}\n{body}"),
        );

        let list = |xs: Vec<&str>| xs.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ");
        let hugo_fm = format!(
            "---\ntitle: {}\ndate: {year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00+07:00\nsummary: {}\nunits: [{}]\nmodels: [{}]\nfigures: [{}]\n---\n",
            q(&title),
            q(&summary),
            list(units.iter().map(|s| s.as_str()).collect()),
            list(models.iter().map(|m| m.0.as_str()).collect()),
            list(figures.iter().map(|f| f.0.as_str()).collect()),
        );
        write(
            &h.join("content").join(slug).join(format!("bai-{i}.md")),
            &format!("{hugo_fm}\n{body}"),
        );
    }
    eprintln!("wrote {n} articles to {} and {}", g.display(), h.display());
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

const HUGO_CONFIG: &str = r#"baseURL = "/"
languageCode = "vi"
title = "Cổng điển hình tiên tiến"
disableKinds = ["RSS"]
[pagination]
  pagerSize = 20
[taxonomies]
  unit = "units"
  model = "models"
  figure = "figures"
[markup.goldmark.renderer]
  unsafe = true
[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "units"
    weight = 100
  [[related.indices]]
    name = "models"
    weight = 100
  [[related.indices]]
    name = "figures"
    weight = 100
"#;

/// Templates equivalent to guong's default theme: a site-wide menu computed once
/// (partialCached), paginated sections, taxonomy lists and term pages.
const HUGO_LAYOUTS: [(&str, &str); 6] = [
    (
        "_default/baseof.html",
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head><body>{{ partialCached "menu.html" . }}<main>{{ block "main" . }}{{ end }}</main></body></html>"#,
    ),
    (
        "partials/menu.html",
        r#"<nav><a href="/">Trang chủ</a>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }} ({{ len .Pages }})</a>{{ end }}<a href="/units/">Tập thể</a><a href="/models/">Mô hình</a><a href="/figures/">Gương</a></nav>"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "02/01/2006 15:04" }} · <a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p><p><strong>{{ .Summary }}</strong></p>{{ .Content }}{{ range .GetTerms "units" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ range .GetTerms "models" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ range .GetTerms "figures" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</article>{{ end }}"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ range (.Paginate .Pages).Pages }}<article><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Date.Format "02/01/2006" }}</p><p>{{ .Summary }}</p></article>{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}"#,
    ),
    (
        "_default/terms.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1>{{ range first 12 site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ range site.Sections }}<h2>{{ .Title }}</h2>{{ range first 4 .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}{{ end }}"#,
    ),
];
