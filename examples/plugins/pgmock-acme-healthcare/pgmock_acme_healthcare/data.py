"""Vocabularies with relative frequencies (approximate; good enough for mock data).

ICD-10-CM weights follow the shape of US outpatient visit statistics: a few chronic
conditions and routine encounters dominate, then a long tail. Drug weights are roughly
proportional to US prescription counts of the most prescribed generics.
"""

from __future__ import annotations

# (code, relative frequency)
ICD10: list[tuple[str, float]] = [
    ("I10", 100),  # essential hypertension
    ("E11.9", 60),  # type 2 diabetes without complications
    ("E78.5", 55),  # hyperlipidemia, unspecified
    ("Z00.00", 50),  # general adult examination
    ("J06.9", 40),  # acute upper respiratory infection
    ("M54.50", 30),  # low back pain
    ("Z23", 25),  # encounter for immunization
    ("E66.9", 22),  # obesity
    ("F41.1", 20),  # generalized anxiety disorder
    ("F32.A", 18),  # depression, unspecified
    ("K21.9", 18),  # gastro-esophageal reflux disease
    ("E03.9", 17),  # hypothyroidism
    ("J45.909", 15),  # asthma
    ("R05.9", 14),  # cough
    ("N39.0", 13),  # urinary tract infection
    ("E55.9", 12),  # vitamin D deficiency
    ("Z12.31", 12),  # screening mammogram
    ("G47.33", 11),  # obstructive sleep apnea
    ("M25.561", 10),  # pain in right knee
    ("R10.9", 10),  # abdominal pain
    ("J02.9", 10),  # acute pharyngitis
    ("E11.65", 10),  # type 2 diabetes with hyperglycemia
    ("I25.10", 9),  # coronary artery disease
    ("R73.03", 9),  # prediabetes
    ("Z79.4", 8),  # long-term insulin use
    ("I48.91", 8),  # atrial fibrillation
    ("J44.9", 8),  # COPD
    ("N18.30", 7),  # chronic kidney disease, stage 3
    ("R51.9", 7),  # headache
    ("R53.83", 7),  # fatigue
    ("M17.11", 6),  # osteoarthritis, right knee
    ("B34.9", 6),  # viral infection
    ("J30.9", 6),  # allergic rhinitis
    ("F90.0", 6),  # ADHD, inattentive type
    ("F17.210", 6),  # nicotine dependence, cigarettes
    ("D64.9", 6),  # anemia
    ("L30.9", 5),  # dermatitis
    ("H10.9", 5),  # conjunctivitis
    ("K59.00", 5),  # constipation
    ("R42", 5),  # dizziness
    ("G43.909", 5),  # migraine
    ("Z13.220", 5),  # lipid disorder screening
    ("Z30.09", 4),  # contraceptive counselling
    ("M79.7", 3),  # fibromyalgia
    ("S93.401A", 3),  # sprain of right ankle, initial encounter
]

# (generic name, relative frequency, (unit, form), common strengths)
DRUGS: list[tuple[str, float, tuple[str, str], tuple[float, ...]]] = [
    ("Atorvastatin", 114, ("mg", "tablet"), (10, 20, 40, 80)),
    ("Levothyroxine", 100, ("mcg", "tablet"), (25, 50, 75, 100, 125)),
    ("Metformin", 92, ("mg", "tablet"), (500, 850, 1000)),
    ("Lisinopril", 89, ("mg", "tablet"), (5, 10, 20, 40)),
    ("Amlodipine", 72, ("mg", "tablet"), (2.5, 5, 10)),
    ("Metoprolol", 67, ("mg", "tablet"), (25, 50, 100)),
    ("Albuterol", 60, ("mcg/actuation", "inhaler"), (90,)),
    ("Omeprazole", 56, ("mg", "capsule"), (20, 40)),
    ("Losartan", 54, ("mg", "tablet"), (25, 50, 100)),
    ("Gabapentin", 46, ("mg", "capsule"), (100, 300, 400)),
    ("Hydrochlorothiazide", 41, ("mg", "tablet"), (12.5, 25)),
    ("Sertraline", 38, ("mg", "tablet"), (25, 50, 100)),
    ("Simvastatin", 36, ("mg", "tablet"), (10, 20, 40)),
    ("Montelukast", 34, ("mg", "tablet"), (10,)),
    ("Escitalopram", 30, ("mg", "tablet"), (5, 10, 20)),
    ("Rosuvastatin", 29, ("mg", "tablet"), (5, 10, 20, 40)),
    ("Bupropion", 28, ("mg", "extended-release tablet"), (150, 300)),
    ("Furosemide", 28, ("mg", "tablet"), (20, 40)),
    ("Pantoprazole", 27, ("mg", "delayed-release tablet"), (20, 40)),
    ("Trazodone", 25, ("mg", "tablet"), (50, 100)),
    ("Fluticasone", 24, ("mcg/actuation", "nasal spray"), (50,)),
    ("Tamsulosin", 24, ("mg", "capsule"), (0.4,)),
    ("Fluoxetine", 23, ("mg", "capsule"), (10, 20, 40)),
    ("Carvedilol", 22, ("mg", "tablet"), (3.125, 6.25, 12.5, 25)),
    ("Duloxetine", 22, ("mg", "delayed-release capsule"), (30, 60)),
    ("Meloxicam", 21, ("mg", "tablet"), (7.5, 15)),
    ("Clopidogrel", 21, ("mg", "tablet"), (75,)),
    ("Prednisone", 21, ("mg", "tablet"), (5, 10, 20)),
    ("Citalopram", 20, ("mg", "tablet"), (10, 20, 40)),
    ("Insulin glargine", 19, ("units/mL", "pen"), (100,)),
]
