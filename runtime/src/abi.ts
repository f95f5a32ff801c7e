// `autoreload/abi`: the ABI lives in `@autoreload/abi`; this entry re-exports it for code that
// imported it from the runtime.
export * from "@autoreload/abi";
