package pipeline

import "testing"

func TestSurer(t *testing.T) {
	tests := []struct {
		name string
		old  string
		conf float64
		got  []string // the crop's words, read at 0.85
		want bool
	}{
		{"case and marks of a label", "số/No:", 0.35, []string{"Số/No.:"}, true},
		{"a speck read as a letter dropped", "SOCTIALIST", 0.40, []string{"SOCIALIST"}, true},
		{"the same reading", "Nam", 0.31, []string{"Nam"}, true},
		{"not much surer", "Nam", 0.60, []string{"Nam"}, false},
		{"a letter changed", "Place", 0.44, []string{"Piace"}, false},
		{"a letter added", "Feedom", 0.17, []string{"treedom"}, false},
		{"a diacritic lost", "HUỲNH", 0.17, []string{"HUYNH"}, false},
		{"a diacritic added", "Chi,", 0.48, []string{"Chỉ,"}, false},
		{"a letter read as a mark", "residence:", 0.38, []string{"res(dence:"}, false},
		{"too many letters dropped", "Independence", 0.2, []string{"Inde"}, false},
		{"nothing read", "Nam", 0.2, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got PageText
			for _, s := range tt.got {
				got.Words = append(got.Words, Word{Text: s, Confidence: 0.85})
			}
			if g := surer(Word{Text: tt.old, Confidence: tt.conf}, got); g != tt.want {
				t.Errorf("surer(%q → %q) = %v, want %v", tt.old, tt.got, g, tt.want)
			}
		})
	}
}
