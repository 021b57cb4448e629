import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One Tesseract thread per process: the pipeline parallelises across pages.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
