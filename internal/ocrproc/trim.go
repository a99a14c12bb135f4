package ocrproc

// #include <malloc.h>
import "C"

import "runtime/debug"

// giveBack returns the memory a page left behind to the system: Go's
// garbage (the decoded and intermediate images) and the C heap that
// Tesseract and leptonica freed but glibc keeps in its arenas. Without
// it a helper's resident set only grows to the sum of the peaks it has
// seen (measured: 87 → 205 MB before OCR over 12 A4 pages; with it
// 87 → 124 MB).
func giveBack() {
	debug.FreeOSMemory()
	trimCHeap()
}

// trimCHeap gives the free pages of glibc's heap back to the system.
func trimCHeap() { C.malloc_trim(0) }
