//! Compiles every deck in `decks/` into the binary, so the app works from any folder.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=decks");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("decks");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ron"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("pub static BUNDLED: &[(&str, &str)] = &[\n");
    for name in names {
        let path = dir.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("bundled_decks.rs"), code).unwrap();
    std::fs::write(out.join("bundled_media.rs"), media_code(&dir)).unwrap();
    println!(
        "cargo:rustc-env=DECK_CODE_FINGERPRINT={:016x}",
        deck_code_fingerprint(Path::new(&manifest))
    );
    startup_order(Path::new(&manifest));
}

/// Release builds for x86-64 Linux have the linker place the functions start-up runs next to each
/// other (`scripts/startup-order.sh` lists them), so opening the app maps a few megabytes of its
/// code instead of pieces of all of it. Only LLD, the linker Rust uses there from 1.90 on, is
/// given the list; any other build links as usual.
fn startup_order(manifest: &Path) {
    let order = manifest.join("scripts/startup-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let own_linker = var("CARGO_ENCODED_RUSTFLAGS").contains("linker")
        || !var("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_empty();
    let path = order.display().to_string();
    if var("TARGET") != "x86_64-unknown-linux-gnu"
        || var("PROFILE") != "release"
        || own_linker
        || !rustc_links_with_lld()
        || !order.is_file()
        // The driver splits `-Wl,` arguments at commas.
        || path.contains(',')
    {
        return;
    }
    for arg in [
        format!("--symbol-ordering-file={path}"),
        // A list made with another compiler names functions this build does not have.
        "--no-warn-symbol-ordering".to_owned(),
    ] {
        println!("cargo:rustc-link-arg-bin=changchun-cards=-Wl,{arg}");
    }
}

/// Whether the compiler is 1.90 or newer, which links x86-64 Linux programs with its own LLD.
fn rustc_links_with_lld() -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let Ok(out) = std::process::Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (…)"
    let version = String::from_utf8_lossy(&out.stdout);
    let mut numbers = version
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split('.')
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    (major, minor) >= (1, 90)
}

/// A fingerprint of the code that parses and checks decks (`src/deck/`) and of the locked
/// dependencies (`ron` among them): the deck cache keeps it, so a check made by other code, even
/// under the same crate version, is never taken for this build's.
fn deck_code_fingerprint(manifest: &Path) -> u64 {
    use std::hash::Hasher;
    println!("cargo:rerun-if-changed=src/deck");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    collect_sources(&manifest.join("src").join("deck"), &mut files);
    files.sort();
    // Fixed keys: the same sources give the same fingerprint in every build by this compiler.
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files.iter().chain([&manifest.join("Cargo.lock")]) {
        let name = file.strip_prefix(manifest).unwrap_or(file);
        hasher.write(name.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(file).unwrap_or_default());
    }
    hasher.finish()
}

fn collect_sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if path.is_dir() {
            collect_sources(&path, found);
        } else if path.extension().is_some_and(|x| x == "rs") {
            found.push(path);
        }
    }
}

/// Every picture under `decks/`, by its path from there with `/` between folders.
fn media_code(decks: &Path) -> String {
    let mut found = Vec::new();
    collect_media(decks, decks, &mut found);
    found.sort();
    let mut code = String::from("pub static MEDIA: &[(&str, &[u8])] = &[\n");
    for (name, path) in found {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    code
}

fn collect_media(decks: &Path, dir: &Path, found: &mut Vec<(String, std::path::PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect_media(decks, &path, found);
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "svg") {
            let relative = path.strip_prefix(decks).expect("found under decks/");
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.push((name, path));
        }
    }
}
