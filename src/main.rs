//! The `copydesk` binary: the command line, or with no arguments the
//! language server on stdio.

fn main() {
    std::process::exit(copydesk::cli::main());
}
