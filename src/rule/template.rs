//! Explanation templates of formula and table rules: `explain = { zh = "完成率 {rate}，扣
//! {lost} 分", en = "completion {rate}: −{lost} points" }`.
//!
//! A placeholder is a name in braces: an input, a binding, or one of `name` (the
//! indicator's name in the template's language), `value` (the published value), `target`,
//! `points`, `score` and `lost`. `{{` and `}}` write a brace. Templates are checked when
//! the rule book loads; inputs, bindings, `value` and `target` are written in the
//! indicator's display format, `points`, `score` and `lost` with two places.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::IndicatorId;

/// A rule's explanation templates, in Chinese and English.
///
/// # Examples
///
/// ```
/// use scorecard::rule::Explain;
///
/// let e: Explain = serde_json::from_str(
///     r#"{"zh": "完成率 {rate}，扣 {lost} 分", "en": "completion {rate}: −{lost} points"}"#,
/// )?;
/// assert!(e.zh.contains("{rate}"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Explain {
    /// The Chinese template.
    pub zh: String,
    /// The English template.
    pub en: String,
}

/// The names every template may use besides inputs and bindings.
pub(crate) const BUILT_IN: [&str; 6] = ["name", "value", "target", "points", "score", "lost"];

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(String),
    Name(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template(Vec<Piece>);

/// The parsed pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Templates {
    pub(crate) zh: Template,
    pub(crate) en: Template,
}

impl Templates {
    /// Parses and checks both templates: every placeholder is one of `known` or a
    /// built-in name.
    pub(crate) fn parse(id: &IndicatorId, e: &Explain, known: &[&str]) -> Result<Self> {
        Ok(Self {
            zh: Template::parse(id, "explain.zh", &e.zh, known)?,
            en: Template::parse(id, "explain.en", &e.en, known)?,
        })
    }
}

impl Template {
    fn parse(id: &IndicatorId, field: &str, text: &str, known: &[&str]) -> Result<Self> {
        let bad = |why: String| Err(Error::invalid_definition(id, field, why));
        let mut pieces = Vec::new();
        let mut text_run = String::new();
        let mut chars = text.chars().enumerate().peekable();
        while let Some((k, c)) = chars.next() {
            match c {
                '{' if chars.peek().is_some_and(|(_, n)| *n == '{') => {
                    chars.next();
                    text_run.push('{');
                }
                '}' if chars.peek().is_some_and(|(_, n)| *n == '}') => {
                    chars.next();
                    text_run.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for (_, n) in chars.by_ref() {
                        if n == '}' {
                            closed = true;
                            break;
                        }
                        name.push(n);
                    }
                    if !closed {
                        return bad(format!(
                            "the placeholder at column {} is not closed with `}}` (write `{{{{` for a brace)",
                            k + 1
                        ));
                    }
                    let name = name.trim().to_owned();
                    if !known.contains(&name.as_str()) && !BUILT_IN.contains(&name.as_str()) {
                        let all = known.iter().copied().chain(BUILT_IN);
                        let hint = super::formula::nearest_name(&name, all)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        return bad(format!(
                            "placeholder `{{{name}}}` at column {} is neither an input, a binding nor one of {}{hint}",
                            k + 1,
                            BUILT_IN.join(", ")
                        ));
                    }
                    if !text_run.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text_run)));
                    }
                    pieces.push(Piece::Name(name));
                }
                '}' => {
                    return bad(format!(
                        "the `}}` at column {} closes no placeholder (write `}}}}` for a brace)",
                        k + 1
                    ));
                }
                c => text_run.push(c),
            }
        }
        if !text_run.is_empty() {
            pieces.push(Piece::Text(text_run));
        }
        Ok(Self(pieces))
    }

    /// The template with each placeholder written by `value` (`—` when it gives none).
    pub(crate) fn fill(&self, value: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Name(n) => out.push_str(&value(n).unwrap_or_else(|| "—".to_owned())),
            }
        }
        out
    }
}
