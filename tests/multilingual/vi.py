"""Vietnamese replies: TP., v.v., TS., PGS.TS., ThS., Q., tr.; comma decimals, dot thousands."""

LANGUAGE = "vi"

CASES: dict[str, list[str]] = {
    "prose-chao": [
        "Xin chào! ",
        "Tôi có thể giúp bạn cài đặt Ollama trên máy tính. ",
        "Đây là công cụ chạy mô hình ngôn ngữ lớn ngay trên máy của bạn. ",
        "Bạn đang dùng hệ điều hành nào?",
    ],
    "abbrev-tp-mid": [
        "Công ty có văn phòng tại TP. Hồ Chí Minh và Hà Nội. ",
        "Trụ sở chính đặt ở Q. 1, TP. Hồ Chí Minh. ",
        "Nhân viên làm việc từ thứ Hai đến thứ Sáu.",
    ],
    "abbrev-vv-end": [
        "Bạn cần chuẩn bị bột mì, trứng, đường, sữa v.v. ",
        "Những thứ khác đã có sẵn trong bếp. ",
        "Chúc bạn nấu ăn vui vẻ!",
    ],
    "abbrev-vv-mid": [
        "Các ngôn ngữ như Python, Go, Rust v.v. đều được hỗ trợ. ",
        "Bạn chọn ngôn ngữ nào?",
    ],
    "abbrev-titles": [
        "TS. Nguyễn Văn An trình bày kết quả nghiên cứu. ",
        "Sau đó PGS.TS. Trần Thị Bình nhận xét. ",
        "ThS. Lê Minh là người điều phối buổi hội thảo.",
    ],
    "abbrev-tp-end": [
        "Năm ngoái gia đình tôi chuyển vào TP. HCM. ",
        "Thành phố rất náo nhiệt. ",
        "Tôi thích ở đây.",
    ],
    "abbrev-page": [
        "Định nghĩa nằm ở tr. 45 của giáo trình. ",
        "Ví dụ minh họa có ở chương 3.",
    ],
    "number-decimals": [
        "Phiên bản 0.5.7 nhanh hơn khoảng 15,5%. ",
        "Trên máy tôi, tốc độ đạt 42,3 token mỗi giây. ",
        "Khá ấn tượng!",
    ],
    "number-thousands": [
        "Dự án có hơn 1.200 người đóng góp. ",
        "Mỗi tháng có khoảng 50.000 lượt tải xuống. ",
        "Con số này vẫn đang tăng.",
    ],
    "list-steps": [
        "Các bước cài đặt:\n\n",
        "1. Tải trình cài đặt từ https://ollama.com.\n",
        "2. Mở terminal và chạy `ollama pull llama3.2`.\n",
        "3. Bắt đầu trò chuyện bằng `ollama run llama3.2`.\n\n",
        "Xong rồi! ",
        "Bạn còn câu hỏi nào không?",
    ],
    "code-fence": [
        "Đây là ví dụ bằng Python:\n\n",
        '```python\nimport ollama\nprint(ollama.generate(model="llama3.2", prompt="Xin chào!")["response"])\n```\n\n',
        "Hàm `generate()` trả về toàn bộ câu trả lời. ",
        "Bạn có muốn xem ví dụ streaming không?",
    ],
    "quotes-curly": [
        "Bà tôi thường nói: “Có công mài sắt, có ngày nên kim.” ",
        "Tôi luôn nhớ câu đó. ",
        "“Thật không?”, em tôi hỏi.",
    ],
    "ellipsis-pause": [
        "Ừm... câu hỏi khó đấy. ",
        "Có lẽ bộ nhớ không đủ… bạn thử mô hình nhỏ hơn xem. ",
        "Được chưa?",
    ],
    "dash-dialogue": [
        "— Anh đi đâu đấy? — cô hỏi.\n",
        "— Ra chợ một lát. ",
        "Em cần gì không?\n",
    ],
    "switch-latin-terms": [
        "Mô hình cần ít nhất 8 GB RAM. ",
        "Dr. Smith đã thử trên MacBook Air, e.g. bản M2. ",
        "Kết quả rất tốt.",
    ],
    "abbrev-ubnd": [
        "UBND TP. Đà Nẵng vừa công bố kế hoạch mới. ",
        "Kế hoạch sẽ được triển khai từ tháng 6. ",
        "Người dân có thể góp ý qua cổng thông tin điện tử.",
    ],
    "abbrev-gs-bs": [
        "GS. Phan Văn Khải là người hướng dẫn luận án. ",
        "BS. Lan thì phụ trách phần thực nghiệm.",
    ],
    "abbrev-tp-lowercase": [
        "Tôi sinh ra ở Tp. Huế. ",
        "Sau đó gia đình chuyển ra Hà Nội.",
    ],
    "abbrev-ward-district": [
        "Cửa hàng ở số 12, P. Bến Nghé, Q. 1. ",
        "Mở cửa từ 8 giờ sáng.",
    ],
    "abbrev-vv-bracket": [
        "Có nhiều loại mô hình (Llama, Qwen, Gemma, v.v.). ",
        "Bạn nên bắt đầu với Llama.",
    ],
    "number-end": [
        "Kết quả của phép tính là 56. ",
        "Bạn muốn thử phép tính khác không?",
    ],
    "quotes-tag-continues": [
        "“Mai anh có đến không?” cô ấy hỏi. ",
        "“Có chứ!” ",
        "Anh cười.",
    ],
    "abbrev-tp-vv": [
        "Hội thảo diễn ra tại TP. Đà Lạt vào tháng 7. ",
        "Các chủ đề gồm AI, dữ liệu, bảo mật v.v. ",
        "Vé vào cửa miễn phí.",
    ],
    "abbrev-titles-masters": [
        "ThS. Nguyễn Hoàng sẽ trình bày đầu tiên. ",
        "Tiếp theo là TS. Vũ Mai.",
    ],
    "abbrev-district-city-end": [
        "Bệnh viện nằm ở Q. 3, TP. HCM. ",
        "Giờ khám từ 7 giờ đến 16 giờ.",
    ],
}
