package record

import "time"

// Validity rules by document type, for papers that print no expiry date.
// A printed expiry_date always wins.
//   - marriage_status: valid 6 months from issue (Nghị định 123/2015, Điều 23).
//   - cmnd: 15 years from issue, and never past 2024-12-31, when Luật Căn
//     cước 2023 ended the validity of all 9- and 12-digit CMND cards.
const dateLayout = "2006-01-02"

var cmndEnd = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)

// ValidUntil returns the last day (YYYY-MM-DD) on which the document may be
// reused, or "" when it does not expire.
func (d *Document) ValidUntil() string {
	if e := d.FieldValue("expiry_date"); e != "" {
		return e
	}
	issued, err := time.Parse(dateLayout, d.FieldValue("issue_date"))
	if err != nil {
		return ""
	}
	switch d.DocType {
	case "marriage_status":
		return issued.AddDate(0, 6, -1).Format(dateLayout)
	case "cmnd":
		end := issued.AddDate(15, 0, -1)
		if end.After(cmndEnd) {
			end = cmndEnd
		}
		return end.Format(dateLayout)
	}
	return ""
}

// ValidOn reports whether the document may be reused on date (YYYY-MM-DD).
func (d *Document) ValidOn(date string) bool {
	u := d.ValidUntil()
	return u == "" || u >= date
}
