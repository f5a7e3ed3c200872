//! Turning a located deserializer error into the crate's [`Error`]: the file, line and
//! column, the path, the object it belongs to (`indicator I051`), the key, a suggestion
//! for a misspelt key, and the reason in words.

use std::path::Path as FsPath;

use super::json::SyntaxError;
use super::located::{DeError, Located, Reason, Segment};
use super::node::{Node, Value};
use super::suggest;
use crate::error::{Error, Load, LoadWhat, Object};

/// A text that is not TOML or JSON.
pub(crate) fn syntax(file: &str, e: SyntaxError) -> Error {
    Error::load_failure(Load {
        file: file.to_owned(),
        at: Some((e.span.line, e.span.column)),
        path: String::new(),
        object: e.object.map(|(collection, id)| object(&collection, id)),
        key: e.key,
        suggestion: None,
        what: LoadWhat::Syntax,
        reason: e.reason,
        cause: None,
    })
}

/// A text larger than the loader accepts.
pub(crate) fn too_large(file: &str, len: usize, limit: usize) -> Error {
    const MIB: usize = 1024 * 1024;
    Error::load_failure(Load {
        file: file.to_owned(),
        at: None,
        path: String::new(),
        object: None,
        key: None,
        suggestion: None,
        what: LoadWhat::TooLarge,
        reason: format!(
            "the text is {len} bytes; a rule-book file may hold at most {} MiB ({limit} bytes)",
            limit / MIB
        ),
        cause: None,
    })
}

/// The crate error for `e`, raised while deserializing the tree `root` of `file`.
pub(crate) fn located(file: &str, root: &Node, e: DeError) -> Error {
    let at = e.at.unwrap_or(Located {
        path: Vec::new(),
        span: root.span,
        at_key: false,
    });
    let (mut path, mut span, at_key) = (at.path, at.span, at.at_key);
    let mut key_override = None;
    if let Reason::Crate(cause) = &e.reason {
        if let Some((p, s, k)) = refine(root, &path, cause) {
            path = p;
            span = s;
            key_override = k;
        }
    }
    let walk = Walk::new(file, root, &path);
    // the key an error is about, and the table it is in
    let last_key = match path.last() {
        Some(Segment::Key(k)) => Some(k.clone()),
        _ => None,
    };
    let table_path: &[Segment] = match (&e.reason, at_key) {
        (Reason::MissingField(_), _) => &path,
        _ => &path[..path.len().saturating_sub(1)],
    };
    let inside = walk.relative(table_path);
    let in_table = if inside.is_empty() {
        String::new()
    } else {
        format!(" in {inside}")
    };
    let value_name = walk.relative(&path);
    let named = |detail: String| {
        if value_name.is_empty() {
            detail
        } else {
            format!("`{value_name}`: {detail}")
        }
    };
    let mut what = LoadWhat::Invalid;
    let mut suggestion = None;
    let mut cause = None;
    let (key, reason) = match e.reason {
        Reason::UnknownField { field, expected } => {
            what = LoadWhat::UnknownKey;
            suggestion = suggest::nearest(&field, expected).map(str::to_owned);
            let hint = hint(suggestion.as_deref(), expected, "keys");
            let reason = format!("unknown key `{field}`{in_table}{hint}");
            (Some(field), reason)
        }
        Reason::UnknownVariant { variant, expected } => {
            suggestion = suggest::nearest(&variant, expected).map(str::to_owned);
            let reason = if at_key {
                what = LoadWhat::UnknownKey;
                let hint = hint(suggestion.as_deref(), expected, "keys");
                format!("unknown key `{variant}`{in_table}{hint}")
            } else {
                let hint = hint(suggestion.as_deref(), expected, "values");
                match &last_key {
                    Some(k) => format!("unknown {k} `{variant}`{in_table}{hint}"),
                    None => format!("unknown value `{variant}`{in_table}{hint}"),
                }
            };
            let key = if at_key {
                Some(variant)
            } else {
                last_key.clone()
            };
            (key, reason)
        }
        Reason::MissingField(field) => (
            Some(field.to_owned()),
            format!("missing key `{field}`{in_table}"),
        ),
        Reason::InvalidType { found, expected } | Reason::InvalidValue { found, expected } => (
            last_key.clone(),
            named(format!("expected {expected}, found {found}")),
        ),
        Reason::Custom(msg) => (last_key.clone(), named(msg)),
        Reason::Crate(e) => {
            let reason = e.to_string();
            cause = Some(e);
            (key_override.or(last_key.clone()), reason)
        }
    };
    Error::load_failure(Load {
        file: file.to_owned(),
        at: Some((span.line, span.column)),
        path: render(&path),
        object: walk.object,
        key,
        suggestion,
        what,
        reason,
        cause,
    })
}

/// ` (did you mean `x`?)`, or the known names when few and none is close.
fn hint(suggestion: Option<&str>, expected: &[&str], what: &str) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None if expected.is_empty() => String::new(),
        None if expected.len() <= 12 => {
            let list: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
            format!(" (known {what}: {})", list.join(", "))
        }
        None => String::new(),
    }
}

/// A path as text: `indicators[3].rule.cap`.
fn render(path: &[Segment]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                let plain = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
                if plain {
                    out.push_str(k);
                } else {
                    out.push_str(&format!("{k:?}"));
                }
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The object a path is inside, found by walking the tree along it.
struct Walk {
    object: Option<Object>,
    /// How many segments of the path the object's path has.
    object_len: usize,
}

impl Walk {
    fn new(file: &str, root: &Node, path: &[Segment]) -> Self {
        let mut node = Some(root);
        let mut named: Option<(Object, usize)> = None;
        let mut element: Option<(Object, usize)> = None;
        for (n, seg) in path.iter().enumerate() {
            let Some(current) = node else { break };
            node = match (seg, &current.value) {
                (Segment::Key(k), Value::Table(_)) => current.get(k),
                (Segment::Index(i), Value::Array(items)) => {
                    let item = items.get(*i);
                    let collection = match n.checked_sub(1).map(|p| &path[p]) {
                        Some(Segment::Key(k)) => k.clone(),
                        Some(Segment::Index(_)) => "item".into(),
                        None => FsPath::new(file)
                            .file_stem()
                            .and_then(|s| s.to_str())
                            .unwrap_or("item")
                            .to_owned(),
                    };
                    let id = item
                        .and_then(|t| t.get("id"))
                        .and_then(|id| match &id.value {
                            Value::String(s) => Some(s.clone()),
                            _ => None,
                        });
                    match id {
                        Some(id) => named = Some((object(&collection, id), n + 1)),
                        None => {
                            element = Some((
                                Object::Element {
                                    collection,
                                    index: *i,
                                },
                                n + 1,
                            ))
                        }
                    }
                    item
                }
                _ => None,
            };
        }
        let (object, object_len) = match (named, element) {
            (Some((o, len)), _) => (Some(o), len),
            (None, Some((o, len))) => (Some(o), len),
            (None, None) => (None, 0),
        };
        Self { object, object_len }
    }

    /// `path` from the object on (all of it when there is no object, or when the path
    /// does not pass through the object).
    fn relative(&self, path: &[Segment]) -> String {
        if path.len() >= self.object_len {
            render(&path[self.object_len..])
        } else {
            String::new()
        }
    }
}

/// The object for an element with `id` of `collection`, its name singularised.
fn object(collection: &str, id: String) -> Object {
    let what = match collection {
        "indicators" => return Object::Indicator(id.as_str().into()),
        "units" => return Object::Unit(id.as_str().into()),
        "datapoints" | "data_points" => "data point".to_owned(),
        "vetoes" => "veto".to_owned(),
        "people" | "persons" => "person".to_owned(),
        other => {
            let single = other
                .strip_suffix('s')
                .filter(|s| !s.is_empty())
                .unwrap_or(other);
            single.replace('_', " ")
        }
    };
    Object::Named { what, id }
}

/// For a crate error naming an indicator (or unit) raised at an array of tables with
/// ids (or of rows naming a unit and an indicator): the element it names (the second of
/// two for a repeated one) and the key of the field it names, if any; the new path,
/// place and key.
fn refine(
    root: &Node,
    path: &[Segment],
    cause: &Error,
) -> Option<(Vec<Segment>, super::node::Span, Option<String>)> {
    let unit = cause.unit().map(|u| u.as_str());
    let indicator = cause.indicator().map(|i| i.as_str());
    let id = indicator.or(unit)?;
    let mut node = root;
    for seg in path {
        node = match (seg, &node.value) {
            (Segment::Key(k), _) => node.get(k)?,
            (Segment::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    let is = |n: Option<&Node>, want: Option<&str>| matches!((n, want), (Some(Node { value: Value::String(s), .. }), Some(w)) if s == w);
    // an element with the id, or a row naming the unit and the indicator (a target)
    let has_id = |n: &Node| {
        is(n.get("id"), Some(id)) || (is(n.get("unit"), unit) && is(n.get("indicator"), indicator))
    };
    let mut path = path.to_vec();
    let mut target = node;
    if let Value::Array(items) = &node.value {
        let mut hits = items.iter().enumerate().filter(|(_, n)| has_id(n));
        let first = hits.next();
        let pick = if cause.is_duplicate() {
            hits.next().or(first)
        } else {
            first
        };
        let (k, element) = pick?;
        path.push(Segment::Index(k));
        target = element;
    } else if !has_id(node) {
        return None;
    }
    let mut span = target.span;
    let mut key = None;
    if let Some(steps) = cause.formula_at() {
        // a formula's text inside the indicator's rule: point at the token within it
        if let Some((p, s, k)) = in_rule(target, steps, cause) {
            path.extend(p);
            return Some((path, s, k));
        }
    }
    if let Some(field) = cause.field() {
        if let Some((k, v)) = match &target.value {
            Value::Table(entries) => entries.iter().find(|(k, _)| k.name == field),
            _ => None,
        } {
            path.push(Segment::Key(k.name.clone()));
            span = v.span;
            key = Some(k.name.clone());
        }
    }
    Some((path, span, key))
}

/// Walks from indicator `target` along `rule` and `steps` to a formula's text; the path
/// walked, the place of the offending token (the text's start when the text is not
/// written on one line without escapes) and the last key.
fn in_rule(
    target: &Node,
    steps: &[crate::rule::RulePathStep],
    cause: &Error,
) -> Option<(Vec<Segment>, super::node::Span, Option<String>)> {
    use crate::rule::RulePathStep as S;
    let mut node = target.get("rule")?;
    let mut path = vec![Segment::Key("rule".into())];
    let mut key = Some("rule".to_owned());
    for step in steps {
        let (next, seg) = match (step, &node.value) {
            (S::Key(k), Value::Table(_)) => {
                key = Some((*k).to_owned());
                (node.get(k)?, Segment::Key((*k).to_owned()))
            }
            (S::Index(i), Value::Array(items)) => (items.get(*i)?, Segment::Index(*i)),
            (S::Named(n), Value::Array(items)) => {
                let named = |x: &Node| matches!(x.get("name"), Some(Node { value: Value::String(s), .. }) if s == n);
                let (i, item) = items.iter().enumerate().find(|(_, x)| named(x))?;
                (item, Segment::Index(i))
            }
            _ => break,
        };
        node = next;
        path.push(seg);
    }
    let mut span = node.span;
    if let (Value::String(text), Some(f)) = (&node.value, cause.formula()) {
        if let (Some(column), None | Some(1)) = (f.column(), f.line()) {
            // written as it reads up to the token (no quote, escape or line break that
            // the file may write otherwise): the token is `column` characters after the
            // opening quote
            let before = text.chars().take(column.saturating_sub(1) as usize);
            let plain = !before
                .clone()
                .any(|c| matches!(c, '\n' | '\r' | '"' | '\\'));
            if plain && before.count() + 1 == column as usize {
                span.column = span.column.saturating_add(column);
            }
        }
    }
    Some((path, span, key))
}
