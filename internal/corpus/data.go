package corpus

// Phrase and name banks. Everything here is NFC; a test checks it and that
// every rune has a glyph in every font the generator uses.

// provinceCodes are the 63 province codes of the 12-digit personal
// identification number (Thông tư 07/2016/TT-BCA, unchanged by
// Thông tư 59/2021/TT-BCA), in code order.
var provinceCodes = []struct{ Code, Name string }{
	{"001", "Hà Nội"}, {"002", "Hà Giang"}, {"004", "Cao Bằng"}, {"006", "Bắc Kạn"},
	{"008", "Tuyên Quang"}, {"010", "Lào Cai"}, {"011", "Điện Biên"}, {"012", "Lai Châu"},
	{"014", "Sơn La"}, {"015", "Yên Bái"}, {"017", "Hòa Bình"}, {"019", "Thái Nguyên"},
	{"020", "Lạng Sơn"}, {"022", "Quảng Ninh"}, {"024", "Bắc Giang"}, {"025", "Phú Thọ"},
	{"026", "Vĩnh Phúc"}, {"027", "Bắc Ninh"}, {"030", "Hải Dương"}, {"031", "Hải Phòng"},
	{"033", "Hưng Yên"}, {"034", "Thái Bình"}, {"035", "Hà Nam"}, {"036", "Nam Định"},
	{"037", "Ninh Bình"}, {"038", "Thanh Hóa"}, {"040", "Nghệ An"}, {"042", "Hà Tĩnh"},
	{"044", "Quảng Bình"}, {"045", "Quảng Trị"}, {"046", "Thừa Thiên Huế"}, {"048", "Đà Nẵng"},
	{"049", "Quảng Nam"}, {"051", "Quảng Ngãi"}, {"052", "Bình Định"}, {"054", "Phú Yên"},
	{"056", "Khánh Hòa"}, {"058", "Ninh Thuận"}, {"060", "Bình Thuận"}, {"062", "Kon Tum"},
	{"064", "Gia Lai"}, {"066", "Đắk Lắk"}, {"067", "Đắk Nông"}, {"068", "Lâm Đồng"},
	{"070", "Bình Phước"}, {"072", "Tây Ninh"}, {"074", "Bình Dương"}, {"075", "Đồng Nai"},
	{"077", "Bà Rịa - Vũng Tàu"}, {"079", "Hồ Chí Minh"}, {"080", "Long An"}, {"082", "Tiền Giang"},
	{"083", "Bến Tre"}, {"084", "Trà Vinh"}, {"086", "Vĩnh Long"}, {"087", "Đồng Tháp"},
	{"089", "An Giang"}, {"091", "Kiên Giang"}, {"092", "Cần Thơ"}, {"093", "Hậu Giang"},
	{"094", "Sóc Trăng"}, {"095", "Bạc Liêu"}, {"096", "Cà Mau"},
}

// centralCities are the five centrally governed cities ("thành phố"); the
// others are provinces ("tỉnh").
var centralCities = map[string]bool{"Hà Nội": true, "Hải Phòng": true, "Đà Nẵng": true, "Hồ Chí Minh": true, "Cần Thơ": true}

// locality is a district (quận/huyện/thành phố/thị xã) of a province with
// some of its wards or communes.
type locality struct {
	Province string
	Kind     string // "quận", "huyện", "thành phố", "thị xã"
	Name     string
	Wards    []string // with their kind: "phường Dịch Vọng"
}

var localities = []locality{
	{"Hà Nội", "quận", "Cầu Giấy", []string{"phường Dịch Vọng", "phường Trung Hòa", "phường Quan Hoa", "phường Nghĩa Đô", "phường Yên Hòa"}},
	{"Hà Nội", "quận", "Ba Đình", []string{"phường Kim Mã", "phường Ngọc Hà", "phường Liễu Giai", "phường Cống Vị"}},
	{"Hà Nội", "quận", "Hoàng Mai", []string{"phường Định Công", "phường Tương Mai", "phường Hoàng Liệt"}},
	{"Hà Nội", "quận", "Đống Đa", []string{"phường Láng Hạ", "phường Ô Chợ Dừa", "phường Khâm Thiên"}},
	{"Hà Nội", "huyện", "Đông Anh", []string{"xã Uy Nỗ", "xã Kim Chung", "xã Vân Nội"}},
	{"Hà Nội", "huyện", "Ba Vì", []string{"xã Tản Lĩnh", "xã Ba Trại", "xã Vật Lại"}},
	{"Hồ Chí Minh", "quận", "Bình Thạnh", []string{"phường 13", "phường 25", "phường 26"}},
	{"Hồ Chí Minh", "thành phố", "Thủ Đức", []string{"phường Linh Trung", "phường Thảo Điền", "phường Hiệp Phú"}},
	{"Hồ Chí Minh", "huyện", "Củ Chi", []string{"xã Tân Thông Hội", "xã Phước Vĩnh An"}},
	{"Đà Nẵng", "quận", "Hải Châu", []string{"phường Thạch Thang", "phường Hòa Cường Bắc", "phường Phước Ninh"}},
	{"Đà Nẵng", "quận", "Sơn Trà", []string{"phường An Hải Bắc", "phường Mân Thái"}},
	{"Hải Phòng", "quận", "Lê Chân", []string{"phường An Biên", "phường Dư Hàng Kênh"}},
	{"Hải Phòng", "huyện", "Thủy Nguyên", []string{"xã Thủy Sơn", "xã Lưu Kiếm"}},
	{"Cần Thơ", "quận", "Ninh Kiều", []string{"phường An Cư", "phường Tân An", "phường Xuân Khánh"}},
	{"Nghệ An", "thành phố", "Vinh", []string{"phường Hưng Bình", "phường Lê Lợi", "xã Nghi Phú"}},
	{"Nghệ An", "huyện", "Diễn Châu", []string{"xã Diễn Ngọc", "xã Diễn Kỷ", "thị trấn Diễn Châu"}},
	{"Thanh Hóa", "huyện", "Hoằng Hóa", []string{"xã Hoằng Đạo", "xã Hoằng Quỳ"}},
	{"Thanh Hóa", "thành phố", "Thanh Hóa", []string{"phường Điện Biên", "phường Đông Thọ"}},
	{"Bắc Ninh", "huyện", "Tiên Du", []string{"xã Phật Tích", "xã Liên Bão"}},
	{"Thái Bình", "huyện", "Vũ Thư", []string{"xã Tân Hòa", "xã Song Lãng"}},
	{"Quảng Ninh", "thành phố", "Hạ Long", []string{"phường Bạch Đằng", "phường Hồng Gai", "phường Bãi Cháy"}},
	{"Khánh Hòa", "thành phố", "Nha Trang", []string{"phường Lộc Thọ", "phường Vĩnh Hải"}},
	{"Thừa Thiên Huế", "thành phố", "Huế", []string{"phường Phú Hội", "phường Vĩnh Ninh"}},
	{"Lâm Đồng", "thành phố", "Đà Lạt", []string{"phường 4", "phường 9"}},
	{"Đắk Lắk", "thành phố", "Buôn Ma Thuột", []string{"phường Tân Lợi", "phường Ea Tam"}},
	{"Nam Định", "huyện", "Hải Hậu", []string{"xã Hải Quang", "thị trấn Yên Định"}},
	{"Hà Tĩnh", "huyện", "Can Lộc", []string{"xã Thiên Lộc", "xã Kim Song Trường"}},
	{"An Giang", "thành phố", "Long Xuyên", []string{"phường Mỹ Bình", "phường Mỹ Long"}},
	{"Bình Dương", "thành phố", "Thủ Dầu Một", []string{"phường Phú Cường", "phường Hiệp Thành"}},
	{"Phú Thọ", "huyện", "Lâm Thao", []string{"xã Sơn Vi", "thị trấn Hùng Sơn"}},
}

// genericCommunes and genericDistricts give plausible names for provinces
// without entries in localities.
var genericCommunes = []string{"xã Tân Lập", "xã Quang Trung", "xã Hòa Bình", "xã Đông Phong", "xã Thành Công", "xã Minh Tân", "xã Hưng Đạo", "xã Nghĩa Hưng", "phường Trần Phú", "phường Lê Lợi"}
var genericDistricts = []string{"huyện Yên Thành", "huyện Tiền Hải", "huyện Kim Sơn", "huyện Thạch Thất", "huyện Phú Lương", "thị xã Sơn Tây", "huyện Châu Thành", "huyện Đức Thọ", "huyện Vĩnh Bảo", "huyện Lạc Sơn"}

var streets = []string{"Trần Duy Hưng", "Nguyễn Chí Thanh", "Lê Duẩn", "Hai Bà Trưng", "Trần Hưng Đạo", "Lý Thường Kiệt", "Nguyễn Trãi", "Điện Biên Phủ", "Hoàng Quốc Việt", "Phạm Văn Đồng", "Quang Trung", "Lê Lợi", "Nguyễn Huệ", "Võ Văn Kiệt", "Xuân Thủy", "Hùng Vương", "Bạch Đằng", "Ngô Quyền"}

var surnames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Mai", "Tạ", "Cao", "Quách", "Lâm", "Hà", "Kiều", "Triệu", "Chu", "Thái", "Khổng", "Ông"}
var maleMiddle = []string{"Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thành", "Tuấn", "Trọng", "Đình", "Ngọc", "Hoàng", "Việt", "Mạnh", "Quốc", "Thanh", "Anh", "Duy", "Gia", "Bảo", "Đăng"}
var femaleMiddle = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Bích", "Mai", "Diệu", "Khánh", "Thùy", "Thảo", "Hải", "Quỳnh", "Tuyết"}
var maleGiven = []string{"An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Khoa", "Long", "Minh", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Duy", "Hoàng", "Kiên", "Lâm", "Nghĩa", "Quyết", "Toàn", "Hưng", "Lộc", "Thịnh", "Đức", "Bảo", "Khải", "Nguyên", "Trí", "Vũ"}
var femaleGiven = []string{"Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Uyên", "Vân", "Yến", "Nguyệt", "Thư", "Ánh", "Diệp", "Hậu", "Duyên", "Liễu", "My", "Tâm", "Trâm", "Xuân"}

var ethnicities = []string{"Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Tày", "Thái", "Mường", "Nùng", "Khmer", "Hoa"}

// ministry is a central issuing body (one header line).
type ministry struct{ Name, Abbr, Short string }

var ministries = []ministry{
	{"BỘ TÀI CHÍNH", "BTC", "Bộ Tài chính"},
	{"BỘ TƯ PHÁP", "BTP", "Bộ Tư pháp"},
	{"BỘ NỘI VỤ", "BNV", "Bộ Nội vụ"},
	{"BỘ CÔNG AN", "BCA", "Bộ Công an"},
	{"BỘ GIÁO DỤC VÀ ĐÀO TẠO", "BGDĐT", "Bộ Giáo dục và Đào tạo"},
	{"BỘ Y TẾ", "BYT", "Bộ Y tế"},
	{"BỘ XÂY DỰNG", "BXD", "Bộ Xây dựng"},
	{"BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "BTNMT", "Bộ Tài nguyên và Môi trường"},
	{"BỘ CÔNG THƯƠNG", "BCT", "Bộ Công Thương"},
	{"BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "BKHĐT", "Bộ Kế hoạch và Đầu tư"},
	{"BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "BTTTT", "Bộ Thông tin và Truyền thông"},
	{"BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"},
}

// departments are provincial departments (Sở), headed "UBND TỈNH X" / "SỞ Y".
var departments = []struct{ Name, Abbr, Short string }{
	{"SỞ TƯ PHÁP", "STP", "Sở Tư pháp"}, {"SỞ TÀI CHÍNH", "STC", "Sở Tài chính"}, {"SỞ XÂY DỰNG", "SXD", "Sở Xây dựng"},
	{"SỞ NỘI VỤ", "SNV", "Sở Nội vụ"}, {"SỞ Y TẾ", "SYT", "Sở Y tế"}, {"SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT", "Sở Giáo dục và Đào tạo"},
	{"SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "STNMT", "Sở Tài nguyên và Môi trường"}, {"SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT", "Sở Kế hoạch và Đầu tư"},
	{"SỞ GIAO THÔNG VẬN TẢI", "SGTVT", "Sở Giao thông vận tải"}, {"SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "STTTT", "Sở Thông tin và Truyền thông"},
}

// topics are subjects of administrative documents: the noun phrase after
// "Về việc", an acting unit, and a unit it works with.
var topics = []struct{ Subject, Lead, Partner string }{
	{"phê duyệt dự toán kinh phí sửa chữa trụ sở làm việc", "Văn phòng", "Phòng Tài chính - Kế hoạch"},
	{"kiện toàn Ban Chỉ đạo chuyển đổi số", "Phòng Văn hóa và Thông tin", "Phòng Nội vụ"},
	{"tăng cường công tác quản lý trật tự xây dựng trên địa bàn", "Phòng Quản lý đô thị", "Đội Quản lý trật tự xây dựng đô thị"},
	{"triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử", "Công an", "Phòng Tư pháp"},
	{"thu hồi đất để thực hiện dự án mở rộng đường giao thông", "Phòng Tài nguyên và Môi trường", "Ban Quản lý dự án đầu tư xây dựng"},
	{"phê duyệt phương án bồi thường, hỗ trợ và tái định cư", "Trung tâm Phát triển quỹ đất", "Phòng Tài nguyên và Môi trường"},
	{"tổ chức kỳ thi tuyển sinh vào lớp 10 trung học phổ thông", "Phòng Giáo dục và Đào tạo", "Trung tâm Y tế"},
	{"đẩy mạnh cải cách thủ tục hành chính theo cơ chế một cửa, một cửa liên thông", "Văn phòng", "Phòng Nội vụ"},
	{"phòng, chống thiên tai và tìm kiếm cứu nạn năm", "Ban Chỉ huy Quân sự", "Phòng Nông nghiệp và Phát triển nông thôn"},
	{"hỗ trợ kinh phí cho hộ nghèo, hộ cận nghèo", "Phòng Lao động - Thương binh và Xã hội", "Phòng Tài chính - Kế hoạch"},
	{"khen thưởng các tập thể, cá nhân có thành tích xuất sắc", "Phòng Nội vụ", "Văn phòng"},
	{"xử phạt vi phạm hành chính trong lĩnh vực đất đai", "Thanh tra", "Phòng Tài nguyên và Môi trường"},
	{"quản lý, thu gom và xử lý chất thải rắn sinh hoạt", "Phòng Tài nguyên và Môi trường", "Ủy ban nhân dân các xã, phường"},
	{"cấp giấy phép xây dựng nhà ở riêng lẻ", "Phòng Quản lý đô thị", "Ủy ban nhân dân phường"},
	{"thành lập Tổ công tác rà soát hồ sơ đăng ký hộ tịch", "Phòng Tư pháp", "Công an"},
	{"phòng, chống dịch bệnh truyền nhiễm", "Trung tâm Y tế", "Phòng Y tế"},
	{"tổ chức các hoạt động kỷ niệm Ngày Quốc khánh 02/9", "Phòng Văn hóa và Thông tin", "Đoàn Thanh niên"},
	{"giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm", "Phòng Tài chính - Kế hoạch", "các phòng, ban chuyên môn"},
	{"điều chỉnh quy hoạch chi tiết tỷ lệ 1/500 khu dân cư", "Phòng Quản lý đô thị", "Ban Quản lý dự án đầu tư xây dựng"},
	{"chấn chỉnh công tác tiếp công dân, giải quyết khiếu nại, tố cáo", "Thanh tra", "Văn phòng"},
}

// legalBases are instruments cited in "Căn cứ ..." lines.
var legalBases = []string{
	"Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
	"Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019",
	"Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015",
	"Luật Đất đai ngày 29 tháng 11 năm 2013",
	"Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015",
	"Luật Xây dựng ngày 18 tháng 6 năm 2014",
	"Luật Hộ tịch ngày 20 tháng 11 năm 2014",
	"Luật Cư trú ngày 13 tháng 11 năm 2020",
	"Luật Căn cước công dân ngày 20 tháng 11 năm 2014",
	"Luật Doanh nghiệp ngày 17 tháng 6 năm 2020",
	"Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
	"Luật Xử lý vi phạm hành chính ngày 20 tháng 6 năm 2012",
	"Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
	"Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
	"Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
	"Nghị định số 01/2021/NĐ-CP ngày 04 tháng 01 năm 2021 của Chính phủ về đăng ký doanh nghiệp",
	"Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường điện tử",
	"Thông tư số 04/2020/TT-BTP ngày 28 tháng 5 năm 2020 của Bộ trưởng Bộ Tư pháp",
}

// sentences are body sentence templates; {slots} are filled by fill.
var sentences = []string{
	"Giao {lead} chủ trì, phối hợp với {partner} tổ chức triển khai thực hiện, báo cáo kết quả về {issuerShort} trước ngày {date}.",
	"Tổng kinh phí thực hiện là {amount} đồng (Bằng chữ: {amountWords}), từ nguồn ngân sách {level} năm {year} đã được giao.",
	"Ông (bà) {person}, sinh ngày {dob}, số định danh cá nhân {id}, nơi cư trú tại {address}, có trách nhiệm thực hiện đúng nội dung nêu trên.",
	"Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch cụ thể, bảo đảm tiến độ, chất lượng và hiệu quả.",
	"Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc quán triệt, tổ chức thực hiện; trong quá trình thực hiện nếu có khó khăn, vướng mắc kịp thời báo cáo để xem xét, giải quyết.",
	"Thời gian thực hiện từ ngày {date} đến hết ngày {date2}.",
	"Hồ sơ gồm: đơn đề nghị theo mẫu, bản sao giấy tờ chứng minh nhân thân và các giấy tờ có liên quan, nộp tại Bộ phận tiếp nhận và trả kết quả {place}.",
	"Trường hợp quá thời hạn nêu trên mà tổ chức, cá nhân không thực hiện thì sẽ bị xử lý theo quy định của pháp luật.",
	"Diện tích đất thu hồi là {area} m², thuộc thửa đất số {parcel}, tờ bản đồ số {sheet}, tại {address}.",
	"Kết quả thực hiện năm {year}: đã tiếp nhận {count} hồ sơ, giải quyết đúng hạn {count2} hồ sơ, đạt tỷ lệ {percent}%.",
	"Căn cứ kết quả kiểm tra thực tế ngày {date}, đoàn kiểm tra đã lập biên bản và đề nghị xử lý theo quy định.",
	"{lead} có trách nhiệm hướng dẫn, đôn đốc, kiểm tra việc thực hiện, định kỳ hằng quý tổng hợp báo cáo kết quả.",
	"Phạt tiền {amount} đồng đối với ông (bà) {person}, số định danh cá nhân {id}, về hành vi vi phạm hành chính đã nêu tại biên bản số {num}/BB-VPHC ngày {date}.",
	"Khen thưởng ông (bà) {person}, {position}, đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}; mức thưởng {amount} đồng.",
	"Công khai kết quả giải quyết trên Cổng thông tin điện tử của {issuerShort} và niêm yết tại trụ sở theo quy định.",
	"Đề nghị {partner} phối hợp chặt chẽ, cung cấp đầy đủ thông tin, tài liệu có liên quan trước ngày {date}.",
	"Việc tiếp nhận, giải quyết hồ sơ được thực hiện trên Hệ thống thông tin giải quyết thủ tục hành chính, bảo đảm công khai, minh bạch.",
	"Tiếp tục rà soát, cập nhật, làm sạch dữ liệu dân cư, phấn đấu hoàn thành {percent}% chỉ tiêu được giao trong năm {year}.",
}

var positions = []string{"chuyên viên Văn phòng", "công chức Tư pháp - Hộ tịch", "Phó Trưởng phòng Tài chính - Kế hoạch", "cán bộ địa chính", "giáo viên Trường Tiểu học Kim Đồng", "Trưởng thôn Đông", "chiến sĩ Công an phường"}

var recipientsBank = []string{
	"Thường trực Thành ủy", "Thường trực HĐND", "Chủ tịch, các PCT UBND", "Sở Tư pháp", "Sở Nội vụ",
	"Các phòng, ban chuyên môn", "UBND các xã, phường", "Cổng thông tin điện tử", "Như Điều 3", "Công an", "Kho bạc Nhà nước",
	"Các Bộ, cơ quan ngang Bộ", "Văn phòng Chính phủ", "Công báo", "Phòng Tài chính - Kế hoạch",
}
