//! Every example of `docs/FORMATS.md` marked with the file it is (```toml rulebook,
//! ```json units …) loads through the rule-book loader into its type, so the docs
//! cannot drift from the code.

use scorecard::org::OrgSpec;
use scorecard::plan::PlanDraft;
use scorecard::rulebook::{self, RuleBook};
use scorecard::tolerance::{DefaultPolicy, Incident};
use scorecard::warn::{CardRules, RiskModel};
use scorecard::{Targets, Unit};

const FORMATS: &str = include_str!("../../docs/FORMATS.md");

/// The fenced blocks of the text: (language, kind, first line number, text).
fn blocks() -> Vec<(String, String, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String, usize, String)> = None;
    for (n, line) in FORMATS.lines().enumerate() {
        let trimmed = line.trim_start();
        match (&mut open, trimmed.strip_prefix("```")) {
            (None, Some(info)) => {
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or_default().to_owned();
                let kind = words.next().unwrap_or_default().to_owned();
                open = Some((lang, kind, n + 2, String::new()));
            }
            (Some(_), Some("")) => {
                if let Some(block) = open.take() {
                    out.push(block);
                }
            }
            (Some((_, _, _, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn load(lang: &str, kind: &str, file: &str, text: &str) -> scorecard::Result<()> {
    macro_rules! read {
        ($t:ty) => {
            match lang {
                "toml" => rulebook::from_toml_str::<$t>(text, file).map(|_| ()),
                _ => rulebook::from_json_str::<$t>(text, file).map(|_| ()),
            }
        };
    }
    match kind {
        "rulebook" => match lang {
            "toml" => RuleBook::from_toml_str(text, file).map(|_| ()),
            _ => RuleBook::from_json_str(text, file).map(|_| ()),
        },
        "units" => read!(Vec<Unit>),
        "targets" => read!(Targets),
        "incidents" => read!(Vec<Incident>),
        "tolerance" => read!(DefaultPolicy),
        "risk" => read!(RiskModel),
        "cards" => read!(CardRules),
        "org" => read!(OrgSpec),
        "plan" => read!(PlanDraft),
        other => panic!("FORMATS.md: an example marked `{other}`, which no loader reads"),
    }
}

#[test]
fn every_marked_example_of_formats_md_loads() {
    let marked: Vec<_> = blocks()
        .into_iter()
        .filter(|(lang, kind, ..)| (lang == "toml" || lang == "json") && !kind.is_empty())
        .collect();
    for (lang, kind, line, text) in &marked {
        let file = format!("FORMATS.md:{line} ({kind})");
        if let Err(e) = load(lang, kind, &file, text) {
            panic!("{e}");
        }
    }
    let kinds: std::collections::BTreeSet<&str> =
        marked.iter().map(|(_, kind, ..)| kind.as_str()).collect();
    for kind in [
        "rulebook",
        "units",
        "targets",
        "incidents",
        "tolerance",
        "risk",
        "cards",
        "org",
        "plan",
    ] {
        assert!(kinds.contains(kind), "FORMATS.md has no `{kind}` example");
    }
}

#[test]
fn the_toml_and_json_rule_books_of_formats_md_are_the_same() {
    let books: Vec<(String, String)> = blocks()
        .into_iter()
        .filter(|(_, kind, ..)| kind == "rulebook")
        .map(|(lang, _, _, text)| (lang, text))
        .collect();
    let toml = books
        .iter()
        .find(|(l, _)| l == "toml")
        .expect("a TOML rule book");
    let json = books
        .iter()
        .find(|(l, _)| l == "json")
        .expect("a JSON rule book");
    let toml = RuleBook::from_toml_str(&toml.1, "toml").expect("loads");
    let json = RuleBook::from_json_str(&json.1, "json").expect("loads");
    assert_eq!(toml.scheme(), json.scheme());
    assert_eq!(toml.name, json.name);
    assert!(toml.findings().is_empty(), "{:?}", toml.findings());
}
