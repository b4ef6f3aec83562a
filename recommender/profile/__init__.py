"""Reading a person: files and text -> ESCO skills with evidence."""
from .extract import ACCEPT, Extraction, Found, check_language, extract_batch
from .files import ProfileError, check_text, json_resume_text, read_profile_file, read_profile_upload
from .segment import skill_list_items

__all__ = ["ACCEPT", "Extraction", "Found", "ProfileError", "check_language", "check_text", "extract_batch",
           "json_resume_text", "read_profile_file", "read_profile_upload", "skill_list_items"]
