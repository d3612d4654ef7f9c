//! Story text whose statistics are those of real portal stories, so that the search
//! index is measured on the work real text gives it.
//!
//! The seed stories (five real articles) have 900–1,800 syllables each, about 390 of
//! them distinct and about 680 distinct pairs of adjacent syllables, and together 811
//! distinct syllables. The text this generator made until 2026-11-24, drawn uniformly
//! from 64 phrases, had 705 syllables a story, 120 distinct and 327 distinct pairs, and
//! 198 distinct syllables in all: nearly every syllable was in every story, so posting
//! lists were dense and small and the index's tables never left the cache, and the
//! index measured on it cost a fraction of what it costs on real text.
//!
//! Here words are drawn from a lexicon by Zipf's law (function words first, then the
//! vocabulary of the portal's themes, then a long tail of rarer words made from
//! Vietnamese syllables); a word is often followed by one of the few words that
//! usually follow it; and each story leans on a topic of its own and a few rare words
//! it repeats, as real stories do. The text is not Vietnamese, but it asks of the
//! index what Vietnamese stories ask.
//! `python3 bench/text_stats.py` compares a generated site with the seeds.

use super::Rng;
use unicode_normalization::UnicodeNormalization;

/// Function words and the commonest words of the portal's stories, roughly
/// commonest first.
const HEAD: &str = "của và các những được đã có trong với cho là người này để từ theo \
trên năm một không nhiều đến khi về ra vào lại cũng đều còn nên như sau trước hơn rất \
đang sẽ thì mà vì do bằng qua tại nhằm cùng mỗi từng luôn ngày tháng đó nay hai ba \
bốn năm_nay gia_đình nhân_dân cán_bộ đảng_viên chi_bộ đảng_bộ hội_viên địa_phương \
thực_hiện phát_triển xây_dựng kinh_tế xã_hội tổ_chức hoạt_động công_tác hiệu_quả \
mô_hình điển_hình tiên_tiến phong_trào thi_đua khen_thưởng tuyên_truyền vận_động \
học_tập làm_theo tư_tưởng đạo_đức phong_cách Hồ_Chí_Minh nông_thôn_mới cơ_sở \
huyện xã thôn bản tỉnh thị_xã phường tổ_dân_phố đồng_chí bí_thư chủ_tịch \
ủy_ban mặt_trận đoàn_thể chính_quyền cấp_ủy lãnh_đạo chỉ_đạo trách_nhiệm nêu_gương \
người_đứng_đầu kế_hoạch chuyên_đề hội_nghị quán_triệt kiểm_tra giám_sát kết_quả \
thiết_thực sáng_tạo đổi_mới lề_lối làm_việc đoàn_kết bền_vững đời_sống văn_hóa \
giáo_dục y_tế môi_trường rừng ruộng_bậc_thang chăn_nuôi cây_ăn_quả dược_liệu \
giảm_nghèo hộ_nghèo thu_nhập triệu_đồng tỷ_đồng nghìn_đồng hộ khẩu thành_viên \
phụ_nữ thanh_niên cựu_chiến_binh nông_dân đoàn_viên học_sinh giáo_viên nhà_trường \
an_ninh trật_tự an_sinh an_toàn giao_thông đường làng nhà_văn_hóa công_trình \
đóng_góp ủng_hộ hỗ_trợ giúp_đỡ tiết_kiệm nguồn_vốn vay_vốn ngân_hàng chính_sách \
sản_xuất trồng_trọt lúa ngô chè quế sắn cây_trồng vật_nuôi trâu bò lợn gà cá \
thị_trường sản_phẩm hợp_tác_xã doanh_nghiệp lao_động việc_làm nghề đào_tạo \
chuyển_đổi số_hóa dịch_vụ du_lịch văn_hóa_truyền_thống dân_tộc đồng_bào Mông Thái \
Dao Tày già_làng trưởng_bản người_có_uy_tín quần_chúng niềm_tin tình_cảm \
gắn_bó gần_gũi lắng_nghe thuyết_phục bàn_bạc dân_chủ công_khai minh_bạch \
nghị_quyết chỉ_thị quy_định văn_bản chương_trình đề_án dự_án mục_tiêu nhiệm_vụ \
giải_pháp khó_khăn thuận_lợi hạn_chế tồn_tại nguyên_nhân bài_học kinh_nghiệm \
ghi_nhận đánh_giá biểu_dương tuyên_dương bằng_khen giấy_khen danh_hiệu \
xuất_sắc hoàn_thành tốt vững_mạnh trong_sạch tiêu_biểu gương_mẫu tích_cực \
chủ_động thường_xuyên kịp_thời nghiêm_túc đầy_đủ rõ_ràng cụ_thể hằng_năm \
nhiệm_kỳ giai_đoạn thời_gian hiện_nay trước_đây những_năm_qua thời_gian_qua \
tham_gia tham_mưu phối_hợp triển_khai duy_trì nhân_rộng lan_tỏa khơi_dậy \
phát_huy nâng_cao tăng_cường đẩy_mạnh tập_trung quan_tâm chú_trọng ưu_tiên \
con_em trẻ_em người_cao_tuổi hộ_gia_đình bà_con anh_em chị_em ông bà anh chị em \
đất đai nước_sạch điện lưới điện trường_học trạm_y_tế chợ cầu nhà_ở \
thu_gom rác_thải nhựa vệ_sinh cảnh_quan hoa cây_xanh sạch_đẹp \
quỹ tiền ống_heo lợn_nhựa tiết_kiệm_được số_tiền mỗi_tháng mỗi_năm \
báo_cáo tổng_kết sơ_kết phát_động ra_quân hưởng_ứng đăng_ký cam_kết \
camera an_ninh_trật_tự tội_phạm ma_túy tệ_nạn hòa_giải mâu_thuẫn \
điện_thoại mạng_xã_hội trang_thông_tin cổng_thông_tin zalo fanpage \
thủy_lợi kênh_mương đập ao hồ mùa vụ thu_hoạch năng_suất sản_lượng \
tấn héc_ta mét ki_lô_mét phần_trăm người_dân cử_tri đại_biểu hội_đồng";

/// Vietnamese initial consonants. `c`, `g` and `ng` are spelt `k`, `gh` and `ngh`
/// before a front vowel by [`syllable`].
const ONSETS: [&str; 24] = [
    "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r",
    "s", "t", "th", "tr", "v", "x",
];

/// Vietnamese rhymes without their tone.
const RHYMES: [&str; 96] = [
    "a", "ai", "am", "an", "ang", "anh", "ao", "at", "au", "ay", "ac", "ach", "ăm", "ăn", "ăng",
    "ăt", "âm", "ân", "âng", "ât", "âu", "ây", "e", "em", "en", "eo", "et", "ê", "êm", "ên", "ênh",
    "êt", "êu", "ich", "i", "ia", "im", "in", "inh", "it", "iu", "iêm", "iên", "iêng", "iêt",
    "iêu", "o", "oa", "oai", "oan", "oang", "oanh", "oat", "oc", "oe", "oi", "om", "on", "ong",
    "ot", "ô", "ôi", "ôm", "ôn", "ông", "ôt", "ơ", "ơi", "ơm", "ơn", "ơt", "u", "ua", "uân", "uât",
    "ui", "um", "un", "ung", "uôi", "uôn", "uông", "uôt", "ut", "uy", "uyên", "uyêt", "ư", "ưa",
    "ưc", "ưi", "ưng", "ươc", "ươi", "ươm", "ương",
];

/// The five marked tones as combining marks: huyền, sắc, hỏi, ngã, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// A syllable from an onset, a rhyme and a tone (0 for none, else 1 + index into
/// [`TONES`]), the tone placed on the vowel the new-style rules place it on, in NFC.
fn syllable(onset: &str, rhyme: &str, tone: usize) -> String {
    let front = matches!(rhyme.chars().next(), Some('e' | 'ê' | 'i'));
    let onset = match (onset, front) {
        ("c", true) => "k",
        ("g", true) => "gh",
        ("ng", true) => "ngh",
        // The i of "gi" is the rhyme's own: "giếng", not "giiếng".
        ("gi", _) if rhyme.starts_with('i') => "g",
        (o, _) => o,
    };
    let vowels: Vec<(usize, char)> = rhyme
        .char_indices()
        .filter(|&(_, c)| "aăâeêioôơuưy".contains(c))
        .collect();
    let closed = vowels
        .last()
        .is_some_and(|&(i, c)| i + c.len_utf8() < rhyme.len());
    let carrier = if let Some(&m) = vowels.iter().rev().find(|(_, c)| "ăâêôơư".contains(*c)) {
        m
    } else if closed || vowels.len() == 3 {
        vowels[vowels.len().min(2) - 1]
    } else if vowels.len() == 2 && matches!(rhyme, "oa" | "oe" | "uy") {
        vowels[1]
    } else {
        vowels[0]
    };
    let mut s = String::from(onset);
    for (i, c) in rhyme.char_indices() {
        s.push(c);
        if tone > 0 && i == carrier.0 {
            s.push(TONES[tone - 1]);
        }
    }
    s.nfc().collect()
}

/// Words in Zipf order, and where a story draws its own from.
pub struct Lexicon {
    words: Vec<String>,
    /// Cumulative Zipf weight by rank, for drawing a word.
    cumulative: Vec<f64>,
    /// Ranks from which a story's topic words are drawn.
    topical: std::ops::Range<usize>,
}

/// How many words the lexicon has in all: the head, then a tail of made-up words.
const LEXICON: usize = 20_000;
/// Words are drawn by the Zipf–Mandelbrot law, a word of rank `r` in proportion to
/// `1 / (r + ZIPF_OFFSET)^ZIPF`: the offset keeps the commonest words near the 2% of
/// all syllables they have in the seeds.
const ZIPF: f64 = 1.9;
const ZIPF_OFFSET: f64 = 20.0;
/// Per mille of words drawn from the story's topic.
const TOPIC: usize = 350;
/// Per mille of words after a lexicon word that are one of the few words that usually
/// follow it (see [`Lexicon::successor`]), so that pairs of adjacent syllables repeat
/// within a story as they do in real text.
const COMPANY: usize = 600;
/// How many words usually follow each word.
const SUCCESSORS: usize = 3;
// With these, 300 generated stories have 1,273 syllables, 374 distinct and 722
// distinct pairs a story, the commonest syllable 2.6% of them; the seeds have 1,263,
// 389 and 678, and 2.1%.

impl Lexicon {
    pub fn new(r: &mut Rng) -> Lexicon {
        let mut words: Vec<String> = HEAD
            .split_whitespace()
            .map(|w| w.replace('_', " "))
            .collect();
        let head = words.len();
        let mut syllables = Vec::new();
        for onset in ONSETS {
            // "qu" already holds its rounding: no "quu", "quo".
            let rhymes = RHYMES
                .iter()
                .filter(|r| onset != "qu" || !r.starts_with(['u', 'ư', 'o', 'ô', 'ơ']));
            for rhyme in rhymes {
                let stopped = rhyme.ends_with(['c', 'h', 't']) && !rhyme.ends_with("nh");
                for tone in 0..=TONES.len() {
                    // A rhyme ending in a stop takes only sắc or nặng.
                    if !stopped || tone == 2 || tone == 5 {
                        syllables.push(syllable(onset, rhyme, tone));
                    }
                }
            }
        }
        // Made-up words mostly of two syllables, the syllables themselves skewed so
        // that some recur across many words, as real ones do.
        while words.len() < LEXICON {
            let n = [1, 2, 2, 2, 2, 3][r.below(6)];
            let word: Vec<&str> = (0..n)
                .map(|_| syllables[r.skewed(syllables.len())].as_str())
                .collect();
            words.push(word.join(" "));
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + ZIPF_OFFSET).powf(ZIPF);
                total
            })
            .collect();
        Lexicon {
            words,
            cumulative,
            topical: 40..head + 4_000,
        }
    }

    /// The rank of a word drawn by the Zipf–Mandelbrot law (see [`ZIPF`]).
    fn zipf(&self, r: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (r.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let rank = self.cumulative.partition_point(|&c| c < x);
        rank.min(self.words.len() - 1)
    }

    /// The `k`th of the few words that usually follow the word of rank `rank`: the
    /// same every time, so that words keep company as they do in real text.
    fn successor(&self, rank: usize, k: usize) -> usize {
        let mut r =
            Rng((rank as u64 * SUCCESSORS as u64 + k as u64 + 1)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        self.zipf(&mut r)
    }
}

/// What one story writes about: the words it leans on and the names it repeats.
pub struct Story<'a> {
    lexicon: &'a Lexicon,
    /// Ranks of the words the story leans on, and of the rare ones it repeats.
    topic: Vec<usize>,
    rare: Vec<usize>,
    names: Vec<String>,
}

impl<'a> Story<'a> {
    /// A story that names `names` (its units, models and figures) now and then.
    pub fn new(lexicon: &'a Lexicon, r: &mut Rng, names: Vec<String>) -> Story<'a> {
        let t = &lexicon.topical;
        let topic = (0..40).map(|_| t.start + r.below(t.len())).collect();
        let rare = (0..6)
            .map(|_| t.end + r.below(lexicon.words.len() - t.end))
            .collect();
        Story {
            lexicon,
            topic,
            rare,
            names,
        }
    }

    /// One word or figure of running text, after the lexicon word `prev` if there was
    /// one; returns the word's rank in the lexicon when it is a lexicon word.
    fn token(&self, r: &mut Rng, prev: Option<usize>, out: &mut String) -> Option<usize> {
        if let Some(prev) = prev.filter(|_| r.below(1000) < COMPANY) {
            let rank = self.lexicon.successor(prev, r.below(SUCCESSORS));
            out.push_str(&self.lexicon.words[rank]);
            return Some(rank);
        }
        let roll = r.below(1000);
        let rank = if roll < TOPIC {
            self.topic[r.below(self.topic.len())]
        } else if roll < TOPIC + 20 {
            self.rare[r.below(self.rare.len())]
        } else if roll < TOPIC + 30 && !self.names.is_empty() {
            out.push_str(&self.names[r.below(self.names.len())]);
            return None;
        } else if roll < TOPIC + 50 {
            number(r, out);
            return None;
        } else {
            self.lexicon.zipf(r)
        };
        out.push_str(&self.lexicon.words[rank]);
        Some(rank)
    }

    /// A sentence of about `words` words, with commas, capitalised, ending in a full stop.
    pub fn sentence(&self, r: &mut Rng, words: usize, out: &mut String) {
        let start = out.len();
        let mut prev = None;
        for i in 0..words {
            if i > 0 {
                out.push_str(if r.below(9) == 0 { ", " } else { " " });
            }
            prev = self.token(r, prev, out);
        }
        if let Some(first) = out[start..].chars().next() {
            let upper: String = first.to_uppercase().collect();
            out.replace_range(start..start + first.len_utf8(), &upper);
        }
        out.push('.');
    }

    /// One word on its own, as running text draws it: a headline's last word, a
    /// table's label.
    pub fn word(&self, r: &mut Rng) -> String {
        let mut s = String::new();
        self.token(r, None, &mut s);
        s
    }
}

/// A figure written the Vietnamese way: 2.289, 13,2%, 28/8, 2023.
fn number(r: &mut Rng, out: &mut String) {
    use std::fmt::Write as _;
    let _ = match r.below(5) {
        0 => write!(out, "{}", r.below(100)),
        1 => write!(out, "{},{}%", r.below(100), r.below(10)),
        2 => write!(out, "{}.{:03}", 1 + r.below(99), r.below(1000)),
        3 => write!(out, "{}/{}", 1 + r.below(28), 1 + r.below(12)),
        _ => write!(out, "{}", 2000 + r.below(26)),
    };
}
