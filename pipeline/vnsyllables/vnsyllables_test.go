package vnsyllables

import "testing"

func TestValid(t *testing.T) {
	for _, c := range []struct {
		w    string
		want bool
	}{
		{"nghiêng", true}, {"quyết", true}, {"định", true}, {"người", true},
		{"tiêt", false}, // stop final without sắc/nặng
		{"ưeq", false},  // no such rhyme
		{"qutp", false}, // garbage
		{"nghĩa", true}, // in the list
		{"khuya", true},
		{"đăngg", false}, // doubled final
	} {
		if got := Valid(c.w); got != c.want {
			t.Errorf("Valid(%q) = %v, want %v", c.w, got, c.want)
		}
	}
}

func TestRepair(t *testing.T) {
	for _, c := range []struct {
		w, want string
		ok      bool
	}{
		{"nghiêng", "", false}, // valid: left alone
		{"tiêt", "", false},    // tiết or tiệt: ambiguous
		{"nghĩaa", "nghĩa", true},
	} {
		got, ok := Repair(c.w)
		if ok != c.ok || got != c.want {
			t.Errorf("Repair(%q) = %q, %v; want %q, %v", c.w, got, ok, c.want, c.ok)
		}
	}
}
