import { resolveTimeZone } from '../parsing/time-zone';
import { NutritionRow, nutritionDays } from './nutrition';

const utc = resolveTimeZone('UTC')!;
let nextId = 1;
const row = (
  sampleType: string,
  time: string,
  source: [string, number],
  value: number | null,
  valueDetail: Record<string, unknown> | null = null,
  end = time,
): NutritionRow => ({
  id: String(nextId++),
  uuid: `u${nextId}`,
  sampleType,
  startTime: new Date(time),
  endTime: new Date(end),
  sourceId: source[0],
  sourceName: `source ${source[0]}`,
  precedence: source[1],
  value,
  valueDetail,
});
const APP: [string, number] = ['10', 3];
const OTHER_APP: [string, number] = ['11', 3];
const PHONE: [string, number] = ['2', 2];
const totalsOf = (days: ReturnType<typeof nutritionDays>) =>
  Object.fromEntries(days.map((d) => [d.date, Object.fromEntries(d.totals.map((t) => [t.nutrient, t.total]))]));

describe('nutritionDays', () => {
  const meal = (time: string, source: [string, number], detail: Record<string, unknown>, end = time) =>
    row('NUTRITION', time, source, null, { __type: 'NutritionHealthValue', ...detail }, end);

  it('counts a meal once when its DIETARY_* parts arrive too, and a part the meal lacks on its own', () => {
    const days = nutritionDays(
      [
        meal('2025-09-10T07:30:00Z', APP, { name: 'Oatmeal', meal_type: 'BREAKFAST', calories: 350, protein: 12 }),
        row('DIETARY_ENERGY_CONSUMED', '2025-09-10T07:30:00Z', APP, 350),
        row('DIETARY_PROTEIN_CONSUMED', '2025-09-10T07:30:00Z', APP, 12),
        row('DIETARY_SUGAR', '2025-09-10T07:30:00Z', APP, 9),
      ],
      utc,
    );
    expect(totalsOf(days)).toEqual({ '2025-09-10': { calories: 350, protein: 12, sugar: 9 } });
    expect(days[0].meals).toMatchObject([
      { name: 'Oatmeal', mealType: 'BREAKFAST', energyKcal: 350, nutrients: { calories: 350, protein: 12 } },
    ]);
  });

  it('counts a sample of another interval or another source as a food of its own', () => {
    const days = nutritionDays(
      [
        meal('2025-09-10T07:30:00Z', APP, { calories: 350 }),
        row('DIETARY_ENERGY_CONSUMED', '2025-09-10T07:31:00Z', APP, 100),
        row('DIETARY_ENERGY_CONSUMED', '2025-09-10T09:00:00Z', PHONE, 50),
      ],
      utc,
    );
    expect(totalsOf(days)).toEqual({ '2025-09-10': { calories: 500 } });
  });

  it("keeps the best-ranked source's entry of a minute: another app's copy of a meal counts once and is not listed", () => {
    const days = nutritionDays(
      [
        meal('2025-09-10T12:15:00Z', OTHER_APP, { name: 'Salad copy', calories: 450 }),
        meal('2025-09-10T12:15:00Z', APP, { name: 'Salad', calories: 450 }),
      ],
      utc,
    );
    expect(totalsOf(days)).toEqual({ '2025-09-10': { calories: 450 } });
    expect(days[0].meals.map((m) => m.name)).toEqual(['Salad']);
  });

  it("reads a meal's water in mL as liters, like WATER, and dates rows in the zone asked for", () => {
    const days = nutritionDays(
      [meal('2025-09-10T23:30:00Z', APP, { water: 250 }), row('WATER', '2025-09-10T10:00:00Z', PHONE, 0.5)],
      resolveTimeZone('Europe/Berlin')!,
    );
    expect(totalsOf(days)).toEqual({ '2025-09-10': { water: 0.5 }, '2025-09-11': { water: 0.25 } });
    expect(days[0].totals[0]).toEqual({ nutrient: 'water', sampleType: 'WATER', unit: 'LITER', total: 0.5 });
  });
});
