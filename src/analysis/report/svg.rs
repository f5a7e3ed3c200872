//! The report's two charts as inline SVG, each with a value axis (ticks at round
//! values, labelled) and the list cut-offs marked. Coordinates are computed with
//! `Decimal` and written with [`fixed`] to one place; text is escaped for XML.

use rust_decimal::Decimal;

use super::{Lang, ListCutoff, TrendPoint};
use crate::analysis::live::PeerScore;
use crate::id::UnitId;
use crate::num::{DisplayFormat, Rounding, fixed};
use crate::rank::{ListEnd, list_label};

const W: i64 = 680;
const H: i64 = 260;
/// Room for the value axis's labels.
const LEFT: i64 = 56;
/// Room for the cut-offs' labels (`black list cut-off 254.85` at 10 px).
const RIGHT: i64 = 150;
const TOP: i64 = 32;
const BOTTOM: i64 = 40;
/// The trend chart's inset of its first and last points.
const INSET: i64 = 24;
/// The unit's colour (its bar, its line).
const UNIT: &str = "#1f5f99";
/// A white outline drawn under a label's glyphs, so that a line it sits on does not
/// cross the text.
const HALO: &str =
    "stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";

/// Escapes `&`, `<`, `>`, `"` and `'` for XML text and attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn c(x: Decimal) -> String {
    fixed(x, 1, Rounding::HalfUp)
}

fn two(x: Decimal) -> String {
    DisplayFormat::number(2).write(x)
}

fn open(title: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" font-family=\"system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>\
<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#ffffff\" stroke=\"#dddddd\"/>\
<text x=\"{LEFT}\" y=\"20\" font-size=\"13\" fill=\"#333333\">{t}</text>",
        t = escape(title)
    )
}

/// A value axis: the bottom and top of the scale and the ticks between, at round
/// values (1, 2 or 5 × 10ᵏ apart) with the places their step needs.
struct Axis {
    lo: Decimal,
    hi: Decimal,
    ticks: Vec<Decimal>,
    places: u32,
}

impl Axis {
    /// An axis covering `values`, from zero when `from_zero`, with about five ticks.
    fn new(values: &[Decimal], from_zero: bool) -> Option<Axis> {
        let mut lo = values.iter().copied().min()?;
        let mut hi = values.iter().copied().max()?;
        if from_zero {
            lo = lo.min(Decimal::ZERO);
            hi = hi.max(Decimal::ZERO);
        }
        if lo == hi {
            lo = lo.checked_sub(Decimal::ONE)?;
            hi = hi.checked_add(Decimal::ONE)?;
        }
        // a twentieth of the range above (and below, unless from zero), so that no
        // point's label runs into the title
        let pad = hi.checked_sub(lo)?.checked_div(Decimal::from(20))?;
        hi = hi.checked_add(pad)?;
        if !(from_zero && lo.is_zero()) {
            lo = lo.checked_sub(pad)?;
        }
        let raw = hi.checked_sub(lo)?.checked_div(Decimal::from(5))?;
        // the power of ten at or below raw, then 1, 2, 5 or 10 times it
        let mut mag = Decimal::ONE;
        for _ in 0..28 {
            if mag <= raw {
                break;
            }
            mag = mag.checked_div(Decimal::TEN)?;
        }
        for _ in 0..28 {
            match mag.checked_mul(Decimal::TEN) {
                Some(next) if next <= raw => mag = next,
                _ => break,
            }
        }
        let step = [1, 2, 5, 10]
            .iter()
            .filter_map(|m| mag.checked_mul(Decimal::from(*m)))
            .find(|s| *s >= raw)?;
        let first = Rounding::Floor.round(lo.checked_div(step)?, 0);
        let last = Rounding::Ceiling.round(hi.checked_div(step)?, 0);
        let (lo, hi) = (first.checked_mul(step)?, last.checked_mul(step)?);
        let mut ticks = Vec::new();
        let mut t = lo;
        while t <= hi && ticks.len() < 16 {
            ticks.push(t);
            t = t.checked_add(step)?;
        }
        Some(Axis {
            lo,
            hi,
            ticks,
            places: step.normalize().scale(),
        })
    }

    /// y of `v` on the plot.
    fn y(&self, v: Decimal) -> Option<Decimal> {
        let plot = Decimal::from(H - TOP - BOTTOM);
        let span = self.hi.checked_sub(self.lo)?;
        let off = v
            .checked_sub(self.lo)?
            .checked_mul(plot)?
            .checked_div(span)?;
        Decimal::from(H - BOTTOM).checked_sub(off)
    }

    /// The axis line, the grid and the tick labels.
    fn draw(&self) -> Option<String> {
        let mut s = String::new();
        for t in &self.ticks {
            let y = c(self.y(*t)?);
            s.push_str(&format!(
                "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\" stroke=\"#eeeeee\"/>\
<text x=\"{lx}\" y=\"{ly}\" font-size=\"10\" text-anchor=\"end\" fill=\"#666666\">{v}</text>",
                r = W - RIGHT,
                lx = LEFT - 6,
                ly = c(self.y(*t)?.checked_add(Decimal::from(3))?),
                v = DisplayFormat::number(self.places).write(*t),
            ));
        }
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\" stroke=\"#999999\"/>\
<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#999999\"/>",
            b = H - BOTTOM,
            r = W - RIGHT
        ));
        Some(s)
    }
}

/// The colour of a list's cut-off line: red for a top list, near-black for a bottom one.
fn cutoff_colour(end: ListEnd) -> &'static str {
    match end {
        ListEnd::Top => "#c0392b",
        ListEnd::Bottom => "#333333",
    }
}

/// The label of a cut-off: `红榜线 24.29`, `red list cut-off 24.29`.
fn cutoff_label(lang: Lang, cut: &ListCutoff) -> String {
    let name = list_label(&cut.list);
    match lang {
        Lang::Zh => format!("{}线 {}", name.zh, two(cut.total)),
        Lang::En => format!("{} cut-off {}", name.en, two(cut.total)),
    }
}

/// Labels at the right of the plot, at `ys`, moved apart so that none overlaps.
fn right_labels(labels: &[(Decimal, String, &str)]) -> String {
    let mut placed: Vec<(Decimal, &str, &str)> = labels
        .iter()
        .map(|(y, t, colour)| (*y, t.as_str(), *colour))
        .collect();
    placed.sort_by_key(|p| p.0);
    let gap = Decimal::from(12);
    let mut s = String::new();
    let mut last: Option<Decimal> = None;
    for (y, text, colour) in placed {
        let y = match last.and_then(|l| l.checked_add(gap)) {
            Some(min) if y < min => min,
            _ => y,
        };
        last = Some(y);
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"{colour}\">{}</text>",
            W - RIGHT + 4,
            c(y.checked_add(Decimal::from(3)).unwrap_or(y)),
            escape(text)
        ));
    }
    s
}

/// A line chart of the unit's total over the periods, one labelled point per period (a
/// solid blue line), of its group's mean where known (a dashed grey line), and of each
/// period's list cut-offs (dashed, red for a top list, near-black for a bottom one),
/// on a labelled value axis.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::{Lang, TrendPoint, trend_svg};
///
/// let at = |label: &str, total, mean| TrendPoint {
///     label: label.into(),
///     total,
///     group_mean: mean,
///     rank: dec!(1),
///     group_size: 3,
///     cutoffs: Vec::new(),
/// };
/// let svg = trend_svg(&[at("2025", dec!(80), None), at("2026", dec!(90), None)], Lang::Zh, "趋势");
/// assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
/// // a value axis from 75 to 95, labelled every 5
/// assert!(svg.contains(">75</text>") && svg.contains(">80</text>") && svg.contains(">95</text>"));
/// assert!(!svg.contains("stroke-dasharray"));
/// // with the group's mean: a second, dashed line on the same scale
/// let svg = trend_svg(
///     &[at("2025", dec!(80), Some(dec!(85))), at("2026", dec!(90), Some(dec!(85)))],
///     Lang::Zh,
///     "趋势",
/// );
/// assert!(svg.contains("stroke-dasharray=\"5 4\""));
/// ```
pub fn trend_svg(points: &[TrendPoint], lang: Lang, title: &str) -> String {
    let mut s = open(title);
    s.push_str(&trend_body(points, lang).unwrap_or_default());
    s.push_str("</svg>");
    s
}

fn trend_body(points: &[TrendPoint], lang: Lang) -> Option<String> {
    let values: Vec<Decimal> = points
        .iter()
        .flat_map(|p| {
            std::iter::once(p.total)
                .chain(p.group_mean)
                .chain(p.cutoffs.iter().map(|c| c.total))
        })
        .collect();
    let axis = Axis::new(&values, false)?;
    // inset from both sides, so the labels of the first and last points fit
    let left = Decimal::from(LEFT + INSET);
    let width = Decimal::from(W - LEFT - RIGHT - 2 * INSET);
    let n = points.len();
    let mut s = axis.draw()?;
    let mut xs = Vec::with_capacity(n);
    for k in 0..n {
        xs.push(if n == 1 {
            left.checked_add(width.checked_div(Decimal::TWO)?)?
        } else {
            left.checked_add(
                width
                    .checked_mul(Decimal::from(k))?
                    .checked_div(Decimal::from(n - 1))?,
            )?
        });
    }
    let mut labels = Vec::new();
    // each list's cut-offs across the periods
    let mut lists: Vec<(&str, ListEnd)> = Vec::new();
    for p in points {
        for cut in &p.cutoffs {
            if !lists.iter().any(|(l, _)| *l == cut.list) {
                lists.push((&cut.list, cut.end));
            }
        }
    }
    for (list, end) in lists {
        let mut line = Vec::new();
        let mut latest = None;
        for (x, p) in xs.iter().zip(points) {
            if let Some(cut) = p.cutoffs.iter().find(|c| c.list == list) {
                let y = axis.y(cut.total)?;
                line.push(format!("{},{}", c(*x), c(y)));
                latest = Some((y, cut));
            }
        }
        let colour = cutoff_colour(end);
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1\" stroke-dasharray=\"2 3\" points=\"{}\"/>",
            line.join(" ")
        ));
        if let Some((y, cut)) = latest {
            labels.push((y, cutoff_label(lang, cut), colour));
        }
    }
    let means: Vec<String> = xs
        .iter()
        .zip(points)
        .filter_map(|(x, p)| {
            let m = p.group_mean?;
            Some(format!("{},{}", c(*x), c(axis.y(m)?)))
        })
        .collect();
    if !means.is_empty() {
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"#7f8c8d\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\" points=\"{}\"/>",
            means.join(" ")
        ));
    }
    let mut line = Vec::with_capacity(n);
    for (x, p) in xs.iter().zip(points) {
        line.push(format!("{},{}", c(*x), c(axis.y(p.total)?)));
    }
    s.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"{UNIT}\" stroke-width=\"2\" points=\"{}\"/>",
        line.join(" ")
    ));
    for (x, p) in xs.iter().zip(points) {
        let y = axis.y(p.total)?;
        s.push_str(&format!(
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\" fill=\"{UNIT}\"/>\
<text x=\"{x}\" y=\"{ty}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333333\" {HALO}>{v}</text>\
<text x=\"{x}\" y=\"{ly}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#666666\">{l}</text>",
            x = c(*x),
            y = c(y),
            ty = c(y.checked_sub(Decimal::from(8))?),
            ly = H - BOTTOM + 16,
            v = two(p.total),
            l = escape(&p.label),
        ));
    }
    s.push_str(&right_labels(&labels));
    Some(s)
}

/// A bar chart of the group's adjusted totals by rank on a labelled value axis, the
/// unit's bar highlighted (blue) and labelled with its rank and total, and a dashed
/// line at each list's cut-off (red for a top list, near-black for a bottom one).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::{Lang, ListCutoff, PeerScore, position_svg};
/// use scorecard::rank::ListEnd;
///
/// let peers = [
///     PeerScore { unit: "A".into(), total: dec!(90), rank: dec!(1) },
///     PeerScore { unit: "B".into(), total: dec!(45), rank: dec!(2) },
/// ];
/// let red = ListCutoff { list: "red".into(), end: ListEnd::Top, total: dec!(90) };
/// let svg = position_svg(&peers, &"B".into(), &[red], Lang::En, "Position");
/// assert!(svg.contains("fill=\"#1f5f99\"")); // B's bar
/// assert!(svg.contains("red list cut-off 90.00"));
/// assert!(svg.contains(">100</text>")); // the axis reaches 100
/// ```
pub fn position_svg(
    peers: &[PeerScore],
    unit: &UnitId,
    cutoffs: &[ListCutoff],
    lang: Lang,
    title: &str,
) -> String {
    let mut s = open(title);
    s.push_str(&position_body(peers, unit, cutoffs, lang).unwrap_or_default());
    s.push_str("</svg>");
    s
}

fn position_body(
    peers: &[PeerScore],
    unit: &UnitId,
    cutoffs: &[ListCutoff],
    lang: Lang,
) -> Option<String> {
    let values: Vec<Decimal> = peers
        .iter()
        .map(|p| p.total)
        .chain(cutoffs.iter().map(|c| c.total))
        .collect();
    let axis = Axis::new(&values, true)?;
    let width = Decimal::from(W - LEFT - RIGHT);
    let n = Decimal::from(peers.len());
    let slot = width.checked_div(n)?;
    let bar = slot.checked_mul(Decimal::new(8, 1))?;
    let zero = axis.y(Decimal::ZERO)?;
    let mut s = axis.draw()?;
    let mut mine_label = None;
    // rank numbers under the bars: the first, the last, the unit's, and every k-th
    // between where it keeps 24 px from those
    let every = Decimal::from(24)
        .checked_div(slot)
        .map(|k| Rounding::Ceiling.round(k, 0))
        .and_then(|k| usize::try_from(k.mantissa()).ok())
        .unwrap_or(1)
        .max(1);
    let last = peers.len().saturating_sub(1);
    let own = peers.iter().position(|p| p.unit == *unit);
    let labelled = |k: usize| {
        let near = |m: usize| k != m && k.abs_diff(m) < every;
        k == 0
            || k == last
            || Some(k) == own
            || (k % every == 0 && !near(last) && !own.is_some_and(near))
    };
    for (k, p) in peers.iter().enumerate() {
        let x = Decimal::from(LEFT)
            .checked_add(slot.checked_mul(Decimal::from(k))?)?
            .checked_add(slot.checked_sub(bar)?.checked_div(Decimal::TWO)?)?;
        let y = axis.y(p.total)?;
        let (top, h) = if y <= zero {
            (y, zero.checked_sub(y)?)
        } else {
            (zero, y.checked_sub(zero)?)
        };
        let mine = p.unit == *unit;
        let fill = if mine { UNIT } else { "#b3bcc2" };
        let mid = x.checked_add(bar.checked_div(Decimal::TWO)?)?;
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{} {}</title></rect>",
            c(x),
            c(top),
            c(bar),
            c(h),
            escape(p.unit.as_str()),
            two(p.total)
        ));
        if mine {
            // written last, over the cut-off lines
            mine_label = Some(format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{UNIT}\" {HALO}>#{} {}</text>",
                c(mid),
                c(top.checked_sub(Decimal::from(5))?),
                p.rank.normalize(),
                two(p.total)
            ));
        }
        if labelled(k) {
            s.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#666666\">{}</text>",
                c(mid),
                H - BOTTOM + 14,
                p.rank.normalize()
            ));
        }
    }
    let caption = match lang {
        Lang::Zh => "名次",
        Lang::En => "rank",
    };
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" fill=\"#666666\">{caption}</text>",
        W - RIGHT,
        H - BOTTOM + 30
    ));
    let mut labels = Vec::new();
    for cut in cutoffs {
        let y = axis.y(cut.total)?;
        let colour = cutoff_colour(cut.end);
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>",
            y = c(y),
            r = W - RIGHT
        ));
        labels.push((y, cutoff_label(lang, cut), colour));
    }
    s.push_str(&right_labels(&labels));
    s.push_str(&mine_label.unwrap_or_default());
    Some(s)
}
