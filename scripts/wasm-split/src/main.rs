//! `branchboard-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm MAIN_MODULE`
//!
//! Splits a wasm linked with `--emit-relocs` at its split points: writes the main module to
//! MAIN_OUT.wasm (for wasm-bindgen, with `--keep-lld-exports`), every chunk and the loader
//! `__wasm_split.______________________.js` to OUT_DIR, and `__wasm_split_manifest.json`, the
//! chunks each split point needs (Leptos reads it to preload the chunks of a server-rendered
//! page). The loader's name has the placeholder that the build replaces by its content hash.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

fn run(args: &[String]) -> Result<(), String> {
    let [input, out_dir, main_out, main_module] = args else {
        return Err("usage: branchboard-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm MAIN_MODULE".into());
    };
    let wasm = std::fs::read(input).map_err(|e| format!("{input}: {e}"))?;
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = Path::new(out_dir);
    options.main_out_path = Path::new(main_out);
    options.main_module = main_module;
    options.link_name = "./__wasm_split.______________________.js";
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:#}"))?;
    // Sorted, so that the same wasm gives the same manifest (and the same hash).
    let manifest: BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    let entries: Vec<String> = manifest
        .iter()
        .map(|(point, chunks)| {
            let files: Vec<String> = chunks.iter().map(|c| format!("\"{c}\"")).collect();
            format!("  \"{point}\": [{}]", files.join(", "))
        })
        .collect();
    let path = Path::new(out_dir).join("__wasm_split_manifest.json");
    std::fs::write(&path, format!("{{\n{}\n}}\n", entries.join(",\n"))).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wasm-split: {e}");
            ExitCode::FAILURE
        }
    }
}
