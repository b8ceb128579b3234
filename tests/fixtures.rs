//! Runs every annotated fixture under `tests/fixtures/`. A fixture may sit
//! beside a `<name>.toml` holding a `copydesk.toml` to use for it.

mod support;

use std::path::{Path, PathBuf};

fn fixtures(dir: &Path, acc: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixture folder is readable") {
        let path = entry.expect("fixture entry").path();
        if path.is_dir() {
            fixtures(&path, acc);
        } else if path.extension().is_some_and(|e| e != "toml") {
            acc.push(path);
        }
    }
}

#[test]
fn every_fixture_matches_its_annotations() {
    let mut paths = Vec::new();
    fixtures(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut paths,
    );
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for path in &paths {
        let config_path = path.with_extension("toml");
        let settings = if config_path.exists() {
            let config = copydesk::config::parse(
                &std::fs::read_to_string(&config_path).expect("config is readable"),
            );
            assert!(
                config.errors.is_empty(),
                "{}: {:?}",
                config_path.display(),
                config.errors
            );
            config.settings
        } else {
            Default::default()
        };
        let result = std::panic::catch_unwind(|| support::check(path, &settings));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "panic".to_string());
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}
