package main

// chain01 … chain30 form a call chain 30 frames deep (plus the goroutine's own
// frames) that ends in leafWork; none of them is inlined.

//go:noinline
func chain01(n int) uint64 { return chain02(n) + 1 }

//go:noinline
func chain02(n int) uint64 { return chain03(n) + 2 }

//go:noinline
func chain03(n int) uint64 { return chain04(n) + 3 }

//go:noinline
func chain04(n int) uint64 { return chain05(n) + 4 }

//go:noinline
func chain05(n int) uint64 { return chain06(n) + 5 }

//go:noinline
func chain06(n int) uint64 { return chain07(n) + 6 }

//go:noinline
func chain07(n int) uint64 { return chain08(n) + 7 }

//go:noinline
func chain08(n int) uint64 { return chain09(n) + 8 }

//go:noinline
func chain09(n int) uint64 { return chain10(n) + 9 }

//go:noinline
func chain10(n int) uint64 { return chain11(n) + 10 }

//go:noinline
func chain11(n int) uint64 { return chain12(n) + 11 }

//go:noinline
func chain12(n int) uint64 { return chain13(n) + 12 }

//go:noinline
func chain13(n int) uint64 { return chain14(n) + 13 }

//go:noinline
func chain14(n int) uint64 { return chain15(n) + 14 }

//go:noinline
func chain15(n int) uint64 { return chain16(n) + 15 }

//go:noinline
func chain16(n int) uint64 { return chain17(n) + 16 }

//go:noinline
func chain17(n int) uint64 { return chain18(n) + 17 }

//go:noinline
func chain18(n int) uint64 { return chain19(n) + 18 }

//go:noinline
func chain19(n int) uint64 { return chain20(n) + 19 }

//go:noinline
func chain20(n int) uint64 { return chain21(n) + 20 }

//go:noinline
func chain21(n int) uint64 { return chain22(n) + 21 }

//go:noinline
func chain22(n int) uint64 { return chain23(n) + 22 }

//go:noinline
func chain23(n int) uint64 { return chain24(n) + 23 }

//go:noinline
func chain24(n int) uint64 { return chain25(n) + 24 }

//go:noinline
func chain25(n int) uint64 { return chain26(n) + 25 }

//go:noinline
func chain26(n int) uint64 { return chain27(n) + 26 }

//go:noinline
func chain27(n int) uint64 { return chain28(n) + 27 }

//go:noinline
func chain28(n int) uint64 { return chain29(n) + 28 }

//go:noinline
func chain29(n int) uint64 { return chain30(n) + 29 }

//go:noinline
func chain30(n int) uint64 { return leafWork(n) + 30 }
