;; Stage one of the pre-filter, with 16-byte SIMD: where does a buffer first hold "dbt" in any
;; letter case, or "/acc" (the start of "/accounts", checked whole by the caller)? Every file of a
;; scan goes through this, so it must run near memory speed; Buffer.indexOf manages a fraction of
;; that, one keyword per pass. Source of keyword-search-wasm.ts (npm run generate:wasm).
(module
  (memory (export "memory") 1)
  ;; The offset in [start, end) of the first match, or -1. The caller pads the bytes after `end`
  ;; with at least 32 zero bytes, so the last blocks can read past it and find nothing there.
  (func (export "find") (param $start i32) (param $end i32) (result i32)
    (local $i i32) (local $a v128) (local $b v128) (local $c v128) (local $hits v128) (local $lower v128)
    (local.set $lower (i8x16.splat (i32.const 0x20)))
    (local.set $i (local.get $start))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        ;; Byte k of a, b and c is the byte at i+k, i+k+1 and i+k+2; letters folded to lower case.
        (local.set $a (v128.load (local.get $i)))
        (local.set $b (v128.or (v128.load offset=1 (local.get $i)) (local.get $lower)))
        (local.set $c (v128.or (v128.load offset=2 (local.get $i)) (local.get $lower)))
        (local.set $hits
          (v128.or
            (v128.and
              (v128.and
                (i8x16.eq (v128.or (local.get $a) (local.get $lower)) (i8x16.splat (i32.const 0x64)))
                (i8x16.eq (local.get $b) (i8x16.splat (i32.const 0x62))))
              (i8x16.eq (local.get $c) (i8x16.splat (i32.const 0x74))))
            (v128.and
              (v128.and
                (i8x16.eq (local.get $a) (i8x16.splat (i32.const 0x2f)))
                (i8x16.eq (local.get $b) (i8x16.splat (i32.const 0x61))))
              (i8x16.eq (local.get $c) (i8x16.splat (i32.const 0x63))))))
        (if (v128.any_true (local.get $hits))
          (then (return (i32.add (local.get $i) (i32.ctz (i8x16.bitmask (local.get $hits)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (i32.const -1)))
