package api

import (
	"net/http"
	"regexp"
	"strings"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// OpenAPI returns the OpenAPI 3 description of the routes. It is generated
// from the same table as the mux, so the two cannot drift apart.
func OpenAPI() map[string]any {
	paths := map[string]any{}
	for _, rt := range Routes {
		item, _ := paths[rt.Pattern].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Pattern] = item
		}
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"responses": map[string]any{
				"200":     map[string]any{"description": "OK"},
				"default": map[string]any{"description": "Error", "content": jsonContent("#/components/schemas/Error")},
			},
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Public {
			op["security"] = []any{}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "sohoa API",
			"version":     "1",
			"description": "Số hóa hồ sơ một cửa: tải lên, tìm kiếm, hồ sơ và tái sử dụng giấy tờ đã số hóa.",
		},
		"paths": paths,
		"security": []any{
			map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "sohoa_session"},
			},
			"schemas": map[string]any{
				"Error": map[string]any{
					"type": "object",
					"properties": map[string]any{
						"error": map[string]any{
							"type":     "object",
							"required": []string{"code", "message"},
							"properties": map[string]any{
								"code":    map[string]any{"type": "string"},
								"message": map[string]any{"type": "string", "description": "Vietnamese"},
							},
						},
					},
				},
			},
		},
	}
}

func jsonContent(ref string) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": ref}}}
}

func operationID(rt Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, part := range strings.Split(rt.Pattern, "/") {
		part = strings.Trim(part, "{}")
		part = strings.ReplaceAll(part, ".", "_")
		if part == "" || part == "api" || part == "v1" {
			continue
		}
		b.WriteString("_" + part)
	}
	return b.String()
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, OpenAPI())
}
