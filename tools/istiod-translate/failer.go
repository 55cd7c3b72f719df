package main

import (
	"fmt"
	"os"
	"runtime/debug"
)

// failer lets istiod's test fixtures (they take a test.Failer) run in a program:
// a fatal error ends the program with its message.
type failer struct{ cleanups []func() }

func (f *failer) Fail()                             { f.Fatal("failed") }
func (f *failer) FailNow()                          { f.Fatal("failed") }
func (f *failer) Fatal(args ...any)                 { f.die(fmt.Sprint(args...)) }
func (f *failer) Fatalf(format string, args ...any) { f.die(fmt.Sprintf(format, args...)) }
func (f *failer) Log(args ...any)                   {}
func (f *failer) Logf(format string, args ...any)   {}
func (f *failer) TempDir() string {
	dir, err := os.MkdirTemp("", "istiod-translate-")
	if err != nil {
		f.die(err.Error())
	}
	f.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}
func (f *failer) Helper()           {}
func (f *failer) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *failer) Skip(args ...any)  { f.die("skipped: " + fmt.Sprint(args...)) }

func (f *failer) cleanup() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.cleanups = nil
}

func (f *failer) die(message string) {
	fmt.Fprintf(os.Stderr, "istiod-translate: %s\n%s", message, debug.Stack())
	os.Exit(1)
}
