package web

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/sohoa/sohoa/internal/auth"
)

var typeNames = map[string]string{
	"cccd":                  "Căn cước công dân",
	"cmnd":                  "Chứng minh nhân dân",
	"birth_certificate":     "Giấy khai sinh",
	"marriage_status":       "Giấy xác nhận tình trạng hôn nhân",
	"marriage_certificate":  "Giấy chứng nhận kết hôn",
	"business_registration": "Giấy chứng nhận đăng ký doanh nghiệp",
	"land_use_certificate":  "Giấy chứng nhận quyền sử dụng đất",
	"decision":              "Quyết định",
	"official_letter":       "Công văn",
	"circular":              "Thông tư",
	"decree":                "Nghị định",
	"resolution":            "Nghị quyết",
	"plan":                  "Kế hoạch",
	"notice":                "Thông báo",
	"report":                "Báo cáo",
	"application":           "Đơn",
	"other":                 "Giấy tờ khác",
}

func typeName(t string) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	if t == "" {
		return "Chưa phân loại"
	}
	return t
}

// fieldOrder is the order fields are shown in; others follow by name.
var fieldOrder = []string{
	"title", "doc_number", "full_name", "id_number", "date_of_birth", "sex", "nationality",
	"place_of_origin", "place_of_residence", "company_name", "enterprise_code",
	"husband_name", "wife_name", "issuer", "issue_date", "expiry_date", "summary", "signer",
}

var fieldLabels = map[string]string{
	"title":              "Tên loại",
	"doc_number":         "Số, ký hiệu",
	"full_name":          "Họ và tên",
	"id_number":          "Số định danh cá nhân",
	"date_of_birth":      "Ngày sinh",
	"sex":                "Giới tính",
	"nationality":        "Quốc tịch",
	"place_of_origin":    "Quê quán",
	"place_of_residence": "Nơi thường trú",
	"company_name":       "Tên doanh nghiệp",
	"enterprise_code":    "Mã số doanh nghiệp",
	"husband_name":       "Họ tên chồng",
	"wife_name":          "Họ tên vợ",
	"issuer":             "Cơ quan cấp / ban hành",
	"issue_date":         "Ngày cấp / ban hành",
	"expiry_date":        "Có giá trị đến",
	"summary":            "Trích yếu",
	"signer":             "Người ký",
}

func fieldLabel(k string) string {
	if l, ok := fieldLabels[k]; ok {
		return l
	}
	return k
}

// sortedFields returns the keys of m in display order.
func sortedFields[V any](m map[string]V) []string {
	rank := map[string]int{}
	for i, k := range fieldOrder {
		rank[k] = i + 1
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank[keys[i]], rank[keys[j]]
		if ri == 0 {
			ri = 1000
		}
		if rj == 0 {
			rj = 1000
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

var statusNames = map[string]string{
	"pending":   "Đang xử lý",
	"processed": "Đã xử lý",
	"failed":    "Lỗi xử lý",
	"open":      "Đang tiếp nhận",
	"closed":    "Đã đóng",
}

func statusName(s string) string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return s
}

var roleNames = map[string]string{
	auth.RoleClerk:   "Cán bộ một cửa",
	auth.RoleCitizen: "Công dân",
	auth.RoleAuditor: "Kiểm tra viên",
	auth.RoleAdmin:   "Quản trị",
}

func roleName(r string) string { return roleNames[r] }

var actionNames = map[string]string{
	"login": "Đăng nhập", "login_failed": "Đăng nhập sai", "logout": "Đăng xuất",
	"upload": "Tải lên", "view": "Xem", "download": "Tải bản gốc", "search": "Tra cứu",
	"correct": "Sửa / xác nhận trường", "attach": "Đính kèm vào hồ sơ", "export": "Xuất",
	"sign": "Ký số", "dossier_create": "Mở hồ sơ", "dossier_close": "Đóng hồ sơ",
}

func actionName(a string) string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return a
}

// viDate shows YYYY-MM-DD as the Vietnamese DD/MM/YYYY.
func viDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

var ict = time.FixedZone("ICT", 7*3600)

func viTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ict).Format("15:04 02/01/2006")
}

// snippet renders a search snippet: everything is escaped, then only the
// index's own <mark> and </mark> are let through, so text in a document
// can never become markup on the page.
func snippet(s string) template.HTML {
	e := html.EscapeString(s)
	open := strings.Count(e, "&lt;mark&gt;")
	e = strings.ReplaceAll(e, "&lt;mark&gt;", "<mark>")
	e = strings.ReplaceAll(e, "&lt;/mark&gt;", "</mark>")
	// an unbalanced <mark> in the text itself must not swallow the page
	for close := strings.Count(e, "</mark>"); close < open; close++ {
		e += "</mark>"
	}
	return template.HTML(e)
}

// confClass buckets an OCR word confidence (0–1, as pipeline.Word) for shading.
func confClass(c float64) string {
	c *= 100
	switch {
	case c >= 90:
		return "c4"
	case c >= 75:
		return "c3"
	case c >= 60:
		return "c2"
	case c >= 40:
		return "c1"
	}
	return "c0"
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"typeName":   typeName,
		"fieldLabel": fieldLabel,
		"statusName": statusName,
		"roleName":   roleName,
		"actionName": actionName,
		"viDate":     viDate,
		"viTime":     viTime,
		"snippet":    snippet,
		"confClass":  confClass,
		"pct":        func(c float64) string { return fmt.Sprintf("%.0f%%", c*100) },
		"fieldKeys":  sortedFields[string],
		"has": func(list []string, s string) bool {
			for _, v := range list {
				if v == s {
					return true
				}
			}
			return false
		},
		"short": func(s string, n int) string {
			if len(s) <= n {
				return s
			}
			return s[:n] + "…"
		},
		"add": func(a, b int) int { return a + b },
	}
}
