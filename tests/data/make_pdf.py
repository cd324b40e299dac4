"""Makes tests/data/nam_tu_liem_2024.pdf: a news article as a browser prints it to PDF.

The PDF is committed, so the tests need neither fpdf2 nor a font; run this only to change it:

    pip install fpdf2
    python tests/data/make_pdf.py [FONT.ttf]

Vietnamese needs a Unicode TrueType font: by default DejaVu Sans from Debian's fonts-dejavu-core
(/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf), or the copy matplotlib ships; fpdf2 embeds only the
glyphs used. Each page has a browser's header (time printed, page title) and footer (the page's address,
page n/N) around the article; the document's properties carry the title, author and the day it was printed.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "nam_tu_liem_2024.pdf"
URL = "https://kinhtedothi.example/chinh-tri/nam-tu-liem-thu-ngan-sach-quy-i-2024-a112233.html"
TITLE = "Nam Từ Liêm: Thu ngân sách quý I đạt 31,2% dự toán năm 2024"
AUTHOR = "Quốc Huy"
PRINTED = dt.datetime(2024, 3, 16, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))

DATELINE = "Thứ Sáu, 15/03/2024 08:30 (GMT+7)"
LEDE = (
    "Sáng 14/3, Ban Thường vụ Quận ủy Nam Từ Liêm tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ "
    "quý I, triển khai nhiệm vụ quý II năm 2024."
)
BODY = (
    "Theo báo cáo tại hội nghị, quý I năm 2024 tổng thu ngân sách nhà nước trên địa bàn quận Nam Từ Liêm "
    "đạt 2.384,5 tỷ đồng, bằng 31,2% dự toán Thành phố giao, tăng 18,6% so với cùng kỳ năm 2023. Trong đó, "
    "thu tiền sử dụng đất đạt 1.120 tỷ đồng.",
    "Quận đã khởi công 3 dự án trường học tại các phường Mễ Trì, Tây Mỗ và Đại Mỗ; hoàn thành thu hồi đất "
    "của 86 hộ dân để thực hiện dự án đường vành đai 3,5 đoạn qua địa bàn quận.",
    "Công tác xây dựng Đảng được triển khai đồng bộ. Trong quý, các chi bộ, đảng bộ trực thuộc đã kết nạp "
    "64 đảng viên mới; Ủy ban Kiểm tra Quận ủy tiến hành kiểm tra khi có dấu hiệu vi phạm đối với 2 tổ chức "
    "đảng.",
    "Kết luận hội nghị, đồng chí Phạm Thị Thanh Nga, Bí thư Quận ủy Nam Từ Liêm đề nghị các cơ quan tập "
    "trung tháo gỡ vướng mắc trong giải phóng mặt bằng, phấn đấu giải ngân 40% kế hoạch vốn đầu tư công "
    "trước ngày 30/6/2024.",
    "Đồng chí cũng yêu cầu các phường tăng cường kiểm tra trật tự xây dựng, xử lý dứt điểm các vi phạm "
    "mới phát sinh, không để hình thành điểm nóng về trật tự đô thị trên địa bàn.",
)


class BrowserPrint(FPDF):
    """Header and footer as a browser prints them on every page."""

    def header(self) -> None:
        self.set_font("DejaVu", size=7)
        self.set_xy(8, 5)
        self.cell(40, 4, "16/03/2024, 09:05")
        self.set_xy(60, 5)
        self.cell(140, 4, TITLE + " - Kinh tế Đô thị")
        self.set_y(20)

    def footer(self) -> None:
        self.set_font("DejaVu", size=7)
        self.set_xy(8, -10)
        self.cell(170, 4, URL)
        self.set_xy(190, -10)
        self.cell(12, 4, f"{self.page_no()}/{{nb}}")


def find_font(argv: list[str]) -> Path:
    candidates = [Path(a) for a in argv[1:]] + [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    sys.exit("Không tìm thấy phông DejaVuSans.ttf: hãy cho đường dẫn tới một phông TrueType có chữ tiếng Việt")


def main(argv: list[str]) -> None:
    font = find_font(argv)
    pdf = BrowserPrint(format="A4")
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_title(TITLE)
    pdf.set_author(AUTHOR)
    pdf.set_creator("Mozilla/5.0 (X11; Linux x86_64) Chrome/122.0 Safari/537.36")
    pdf.set_creation_date(PRINTED)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    pdf.cell(0, 5, "KINH TẾ ĐÔ THỊ  ·  Chính trị  ›  Xây dựng Đảng", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", size=17)
    pdf.multi_cell(0, 8, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", size=9)
    pdf.cell(0, 5, f"{AUTHOR}  |  {DATELINE}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, LEDE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for number, paragraph in enumerate(BODY):
        if number == 3:
            pdf.add_page()  # the article runs onto a second page, as printed pages do
        pdf.multi_cell(0, 6, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(OUTPUT))
    print(f"{OUTPUT.name}: {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv)
